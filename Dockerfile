# chapter5 in a container: linux/amd64 (on Windows, Docker Desktop with WSL2). linux/arm64 builds too,
# but MXNet 1.9.1's arm64 wheel needs Arm Performance Libraries, which it does not ship: on an
# Apple-Silicon Mac build and run with --platform linux/amd64 (untested there), or use Colab.
# docs/platforms.md.
#
#   docker build -t chapter5 .                      (or: docker buildx build --platform linux/arm64 ...)
#   docker run --rm -p 127.0.0.1:8888:8888 chapter5
#
# then open the URL it prints (with its token) in a browser. Jupyter listens on every address of the
# container's own network, which nothing reaches but what `-p` publishes: 127.0.0.1:8888 above keeps it
# on your machine alone. `docker run --rm chapter5 chapter5 verify` checks every printout.
# BASE: a Debian 12 image; make arm64-check builds one from Debian's packages where no registry is at hand.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
WORKDIR /chapter5
COPY . .
# the same install as a bare Debian machine: system packages, data, graphviz, the locked venv (kept
# outside /chapter5, so that a devcontainer can mount the project's folder there: chapter5 is installed
# editable, and the learner's edits take effect)
RUN sh tools/bootstrap.sh python3 /opt/chapter5-venv && rm -rf /root/.cache/pip /var/lib/apt/lists/*
ENV PATH=/opt/chapter5-venv/bin:$PATH
EXPOSE 8888
CMD ["jupyter", "notebook", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--allow-root", \
     "--ServerApp.root_dir=/chapter5/notebooks"]

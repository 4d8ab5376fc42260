# Sphinx configuration of the chapter's web book (`make site`; tools/web_book.py copies this folder, the
# stored notebooks and docs/ into build/site-src and builds site/ from there). docs/site.md says why
# Sphinx with myst-nb.
project = '动手学深度学习 第五章：卷积神经网络'
author = 'chapter5'
copyright = '2026, chapter5'
language = 'zh_CN'

extensions = ['myst_nb']
exclude_patterns = ['_build']
myst_enable_extensions = ['dollarmath', 'amsmath']
suppress_warnings = ['myst.xref_missing', 'myst.header', 'misc.highlighting_failure']

# the notebooks are shown as stored: executed by `make notebooks`, never re-run by the site
nb_execution_mode = 'off'
nb_merge_streams = True

html_theme = 'sphinx_book_theme'
html_title = '动手学深度学习 第五章'
html_static_path = ['_static']
html_theme_options = {
    'show_toc_level': 2,
    'use_download_button': True,
    'navigation_with_keys': False,
}
html_favicon = '_static/favicon.png'
html_context = {'default_mode': 'light'}  # an explicit mode: the theme logs an error for an empty one
html_last_updated_fmt = None
html_show_sourcelink = False

# math without a network: MathJax 3 from the sphinx-mathjax-offline wheel, copied into _static by
# tools/web_book.py; its SVG output draws every glyph as a path, so no web font is ever fetched
mathjax_path = 'mathjax/tex-svg.js'

"""The web book (tools/web_book.py), built afresh and opened page by page in headless Chromium.

Every page is served from 127.0.0.1 and must: log no console error, make no failed request and no
request off this machine, load every image with a non-zero size, show Chinese text, render its math
(MathJax done, no raw $...$ or \\( left in the text); the home page must hold the results table with
one row per book recipe (nine). Chromium and its driver are Debian's (`make test` installs them with
apt when it runs as root, as it does the data); without them this module is skipped, saying why.
"""
import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import threading

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, '..', 'tools')
CHROMIUM, DRIVER = shutil.which('chromium'), shutil.which('chromedriver')
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason='no Chromium here: sudo apt-get install chromium chromium-driver '
                                       '(make test installs them as root: tools/install-programs.sh)')


def load_tool():
    import sys
    sys.path.insert(0, TOOLS)
    spec = importlib.util.spec_from_file_location('web_book', os.path.join(TOOLS, 'web_book.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


web_book = load_tool()
CJK = re.compile('[\u4e00-\u9fff]')


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test's own asserts say what failed
        pass


@pytest.fixture(scope='module')
def served(tmp_path_factory):
    """The site built into a temporary folder and served on 127.0.0.1: (base URL, its pages)."""
    out = str(tmp_path_factory.mktemp('site'))
    web_book.build(out)
    handler = functools.partial(QuietHandler, directory=out)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d/' % server.server_address[1], web_book.pages(out)
    server.shutdown()


@pytest.fixture(scope='module')
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--disable-dev-shm-usage', '--window-size=1280,900'):
        options.add_argument(flag)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


MATHJAX_DONE = '''
const done = arguments[arguments.length - 1];
const started = Date.now();
(function wait() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done('typeset'), () => done('failed'));
  } else if (!document.querySelector('script[src*="mathjax"]') || Date.now() - started > 20000) {
    done('no mathjax');
  } else { setTimeout(wait, 100); }
})();
'''


def visit(driver, url):
    """Open `url`, wait for MathJax, and return what the page did: (console errors, failed or
    off-machine requests, broken images, its text, its text outside code, whether MathJax typeset,
    math elements shown)."""
    driver.get_log('browser'), driver.get_log('performance')  # forget the previous page's
    driver.get(url)
    driver.set_script_timeout(60)
    mathjax = driver.execute_async_script(MATHJAX_DONE)
    errors = [e['message'] for e in driver.get_log('browser') if e['level'] == 'SEVERE']
    failed = []
    for entry in driver.get_log('performance'):
        message = json.loads(entry['message'])['message']
        params = message.get('params', {})
        if message['method'] == 'Network.loadingFailed' and not params.get('canceled'):
            failed.append(params.get('errorText'))
        request_url = params.get('request', {}).get('url', '')
        if message['method'] == 'Network.requestWillBeSent' and request_url.startswith('http') \
                and not request_url.startswith('http://127.0.0.1:'):
            failed.append('off this machine: ' + request_url)
    broken = driver.execute_script(
        'return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)'
        '.map(i => i.src);')
    text = driver.execute_script('return document.body.innerText;')
    prose = driver.execute_script(  # the page's text but its code, where $ and \( may be literal
        "const copy = document.body.cloneNode(true);"
        "copy.querySelectorAll('code, pre, script, style').forEach(e => e.remove());"
        "return copy.textContent;")
    rendered = driver.execute_script(
        "return document.querySelectorAll('mjx-container').length;")
    return errors, failed, broken, text, prose, mathjax, rendered


def test_every_page_loads_whole_offline_in_chinese_with_its_math(served, browser):
    base, pages = served
    assert len(pages) >= 15 and 'index.html' in pages and 'gpu.html' in pages
    math_pages = 0
    for page in pages:
        errors, failed, broken, text, prose, mathjax, rendered = visit(browser, base + page)
        assert errors == [], (page, errors)
        assert failed == [], (page, failed)
        assert broken == [], (page, broken)
        if not page.startswith('docs/'):  # the engineering notes are English
            assert len(CJK.findall(text)) > 50, page
        if page.startswith('notebooks/'):  # the Colab line: a link once the address is set (docs/colab.md)
            assert '在 Colab 中打开' in text, page
        raw = re.findall(r'\$[^$\n]{1,60}\$|\\\(|\\\[', prose)
        assert raw == [], (page, raw[:3])
        if mathjax == 'typeset' and rendered:
            math_pages += 1
    assert math_pages >= 5  # 5.1-5.4, 5.10 write formulas: each rendered by the local MathJax


def test_the_home_page_holds_the_results_table_and_the_contents(served, browser):
    base, _ = served
    browser.get(base + 'index.html')
    rows = browser.execute_script(
        "const t = Array.from(document.querySelectorAll('table')).find("
        "  t => t.innerText.includes('书中的测试准确率'));"
        "return t ? t.querySelectorAll('tbody tr').length : -1;")
    assert rows == 9
    text = browser.execute_script('return document.body.innerText;')
    for words in ('make demo', 'make test', 'jupyter notebook notebooks/', '勘误', 'RUN_LONG'):
        assert words in text, words
    links = browser.execute_script("return Array.from(document.querySelectorAll('a')).map(a => a.href);")
    assert sum('notebooks/5.' in link for link in links) >= 12


@pytest.mark.parametrize('query', ['Inception', '批量归一化'])
def test_search_finds_a_section_offline_in_english_and_chinese(served, browser, query):
    base, _ = served
    browser.get(base + 'search.html?q=' + query)
    browser.set_script_timeout(30)
    found = browser.execute_async_script('''
        const done = arguments[arguments.length - 1];
        const started = Date.now();
        (function poll() {
          const items = document.querySelectorAll('#search-results li');
          if (items.length || Date.now() - started > 20000) { done(items.length); return; }
          setTimeout(poll, 200);
        })();''')
    assert found >= 1


def test_the_checks_catch_a_broken_page(tmp_path, browser):
    """The same visit on a page with what the site must never have: a missing image, a script error,
    a request to another host and math left as TeX."""
    (tmp_path / 'bad.html').write_text(
        '<html><body><p>数学 \\(x^2\\) 没有排版</p><img src="missing.png">'
        '<script>undefinedFunction();</script><img src="http://192.0.2.1/x.png"></body></html>',
        encoding='utf-8')
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        errors, failed, broken, _, prose, mathjax, _ = visit(
            browser, 'http://127.0.0.1:%d/bad.html' % server.server_address[1])
    finally:
        server.shutdown()
    assert any('undefinedFunction' in e for e in errors) and any('404' in e for e in errors)
    assert any(f.startswith('off this machine: http://192.0.2.1/') for f in failed)
    assert len(broken) == 2 and '\\(' in prose and mathjax == 'no mathjax'


def test_the_colab_line_is_a_link_once_the_address_is_set():
    unset = web_book.colab_note('5.5-lenet', '')
    assert 'REPOSITORY' in unset and 'http' not in unset
    link = web_book.colab_note('5.5-lenet', 'me/chapter5')
    url = 'https://colab.research.google.com/github/me/chapter5/blob/main/notebooks/5.5-lenet.ipynb'
    assert '(%s)' % url in link

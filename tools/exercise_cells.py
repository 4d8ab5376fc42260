"""The 练习 part of a notebook, generated from chapter5/exercises/SECTION.py.

A source cell `# %% {"exercises": "5.8"}` (tools/notebooks.py) becomes, in this order:
- one import cell: the imports of every module shown below, less the names the notebook defines;
- the code of every helper the answers use, one cell per definition: the names the section's module
  imports from chapter5/exercises/common.py, verdicts.py or another section's module, and what those
  use in turn (the plumbing that keeps runs while recording, runs.py, is imported, not shown);
- every definition of the section's module, one cell each, in its order: builders, budgets, helpers,
  the `answer_*` functions;
- per exercise: its question, then either its answer computed here, or, for an answer that trains,
  the full answer recorded on this machine, the answer at its quick budget (it runs in seconds and
  shows the code works; its numbers teach nothing), and the full answer behind the Run-All switch.

Every code cell holds the module's source as written (a cell is checked equal to it), and the
answers the notebook prints call the notebook's own definitions: a learner edits a cell, re-runs
it and the answer below, and sees the answer change.
"""
import importlib
import json
import os

import module_source
import nbformat

PACKAGE = 'chapter5.exercises'
PLUMBING = {'chapter5.exercises.runs', 'chapter5.exercises'}  # imported by the cells, not shown
ABOUT = {
    'chapter5.exercises.verdicts': ('判定规则（`chapter5/exercises/verdicts.py`）：几个随机种子的均值和'
                                    '标准差，只比较学会了的组，均值之差大于较大标准差的两倍才说谁领先。'),
    'chapter5.exercises.common': ('答案共用的函数（`chapter5/exercises/common.py`）：训练、按随机种子重复、'
                                  '计数和计时。'),
}


def helper(module_name):
    """Whether a module's definitions are shown in the notebooks that use them."""
    return module_name.startswith(PACKAGE + '.') and module_name not in PLUMBING


def wanted_definitions(section_module):
    """{module: set of names to show}: all of the section's definitions and, through the helper
    modules, every definition they use."""
    parsed = {}
    wanted = {section_module: {n for s in module_source.statements(section_module) if s.kind == 'definition'
                               for n in s.names}}
    todo = [(section_module, name) for name in wanted[section_module]]
    while todo:
        module, name = todo.pop()
        statements = parsed.setdefault(module, module_source.statements(module))
        by_name = {n: s for s in statements if s.kind == 'definition' for n in s.names}
        imported = {alias.asname or alias.name: s.node.module for s in statements
                    if s.kind == 'import' and isinstance(s.node, module_source.ast.ImportFrom)
                    for alias in s.node.names}
        for used in module_source.used_names(by_name[name].node):
            target = module if used in by_name else imported.get(used)
            if not target or not (target == module or helper(target)):
                continue
            if used not in wanted.setdefault(target, set()):
                wanted[target].add(used)
                todo.append((target, used))
    return wanted


def check_names(wanted):
    """Refuse two shown modules defining the same name: the later cell would silently replace the
    earlier one in the notebook."""
    seen = {}
    for module, names in wanted.items():
        for name in names:
            if name in seen:
                raise ValueError('%s and %s both define %r: a notebook shows both; rename one'
                                 % (seen[name], module, name))
            seen[name] = module


def module_order(section_module, wanted):
    """The shown modules, each after the helper modules it uses: verdicts, common, other helpers,
    then the section's own module."""
    helpers = sorted(m for m in wanted if m != section_module)
    first = [m for m in ('chapter5.exercises.verdicts', 'chapter5.exercises.common') if m in helpers]
    return first + [m for m in helpers if m not in first] + [section_module]


def import_cell(order, wanted):
    """One cell with every import of the shown modules, less the names defined in the notebook."""
    defined = set().union(*wanted.values())
    lines = []
    for module in order:
        for s in module_source.statements(module):
            if s.kind != 'import':
                continue
            node = s.node
            if isinstance(node, module_source.ast.ImportFrom):
                kept = [a for a in node.names if (a.asname or a.name) not in defined]
                if not kept:
                    continue
                node = module_source.ast.ImportFrom(module=node.module, names=kept, level=node.level)
            text = module_source.ast.unparse(node)
            if text not in lines:
                lines.append(text)
    lines += ['from chapter5.nbtools import show, show_recorded  # 答案中的表格显示为表格']
    return nbformat.v4.new_code_cell('\n'.join(lines))


def definition_cells(order, wanted, section_module):
    """A markdown line per module, then one code cell per shown definition, in the module's order."""
    cells = []
    for module in order:
        about = ABOUT.get(module) or (
            '本节答案的全部代码（`%s.py`）：网络、预算、辅助函数和每个答案 `answer_*`。改动一个定义并运行它的'
            '单元格，再运行下面的答案单元格，答案就用你的定义。' % module.replace('.', '/')
            if module == section_module else '答案用到的另一节的代码（`%s.py`）。' % module.replace('.', '/'))
        cells.append(nbformat.v4.new_markdown_cell(about))
        for s in module_source.statements(module):
            if s.kind == 'definition' and set(s.names) & wanted[module]:
                spec = '%s:%s' % (module, s.names[0])
                cells.append(nbformat.v4.new_code_cell(s.text, metadata={'code': spec}))
    return cells


def recorded_minutes(section, number, root):
    """The minutes the recorded full answer took here, or None when there is no current record."""
    from chapter5.exercises import current_record
    entry = current_record(section, number, root)
    return None if entry is None else entry['seconds'] / 60


def answer_cells(section, measured=(), root=None):
    """Per exercise: its question, and the cells that show its answer."""
    from chapter5.exercises import RECORDED, question, section_exercises, trains
    cells = []
    for number, function in enumerate(section_exercises(section), 1):
        name = function.__name__
        cells.append(nbformat.v4.new_markdown_cell('**练习 %d**：%s' % (number, question(function))))
        if not trains(function):
            meta = {'measured': True} if name in measured else {}
            cells.append(nbformat.v4.new_code_cell('show(%s())' % name, metadata=meta))
            continue
        minutes = recorded_minutes(section, number, root or RECORDED)
        took = ('本机记录的完整答案用时约 %.0f 分钟' % minutes if minutes is not None
                else '完整答案要训练几分钟到几小时')
        cells += [
            nbformat.v4.new_code_cell("show_recorded('%s', %d)  # 本机记录的完整答案" % (section, number)),
            nbformat.v4.new_code_cell('show(%s(quick=True))  # 小预算：几秒钟，只说明代码能跑，数字不说明问题'
                                      % name, metadata={'measured': True, 'quick': True}),
            nbformat.v4.new_code_cell('show(%s())' % name, metadata={'long': took}),
        ]
    return cells


def cells(spec, root=None):
    """The cells of a source cell's {"exercises": SECTION, "measured": [answer names]} metadata."""
    from chapter5 import find_section
    section = find_section(spec['exercises'])
    module = '%s.%s' % (PACKAGE, section.module)
    importlib.import_module(module)
    wanted = wanted_definitions(module)
    check_names(wanted)
    order = module_order(module, wanted)
    return ([import_cell(order, wanted)] + definition_cells(order, wanted, module)
            + answer_cells(section.id, spec.get('measured', ()), root))



def load_json(path, default):
    """A JSON file's data, or `default` when there is none."""
    if not os.path.exists(path):
        return default
    with open(path, encoding='utf-8') as f:
        return json.load(f)

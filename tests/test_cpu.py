"""chapter5.engine.cpu: the CPU model and ISA that every run and benchmark line records."""
from chapter5.engine import cpu

ZEN4 = {'model name': 'AMD EPYC', 'flags': 'fpu sse4_1 avx avx2 fma avx512f avx512dq avx512_vnni'}
ZEN3 = {'model name': 'AMD EPYC 7B13', 'flags': 'fpu sse4_1 avx avx2 fma'}
ARM = {'Features': 'fp asimd evtstrm aes', 'CPU implementer': '0x41'}


def test_reads_the_first_processor_of_a_cpuinfo_file(tmp_path):
    path = tmp_path / 'cpuinfo'
    path.write_text('processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 avx512f\n\n'
                    'processor\t: 1\nmodel name\t: Other\n')
    fields = cpu.cpuinfo(str(path))
    assert fields['model name'] == 'AMD EPYC' and cpu.cpu_isa(fields) == 'AVX-512'
    assert cpu.cpuinfo(str(tmp_path / 'missing')) == {}


def test_names_the_widest_extension():
    assert [cpu.cpu_isa(f) for f in (ZEN4, ZEN3, ARM, {})] == ['AVX-512', 'AVX2', 'NEON', '?']


def test_a_onednn_cap_narrows_the_kernels_and_is_said():
    assert cpu.kernel_isa(ZEN4, {'DNNL_MAX_CPU_ISA': 'AVX2'}) == 'AVX2'
    assert cpu.kernel_isa(ZEN4, {'MKLDNN_MAX_CPU_ISA': 'avx512_core_vnni'}) == 'AVX-512'
    assert cpu.kernel_isa(ZEN3, {'DNNL_MAX_CPU_ISA': 'AVX512_CORE'}) == 'AVX2'  # a cap never widens
    assert cpu.kernel_isa(ZEN4, {}) == 'AVX-512'
    assert cpu.describe(ZEN4, {'DNNL_MAX_CPU_ISA': 'AVX2'}) == 'AMD EPYC, AVX-512 (oneDNN capped at AVX2)'
    assert cpu.describe(ZEN3, {}) == 'AMD EPYC 7B13, AVX2'


def test_record_and_its_chinese_phrase():
    session = cpu.record(ZEN3, {})
    assert session == {'cpu': 'AMD EPYC 7B13', 'isa': 'AVX2'}
    assert cpu.recorded_phrase(session) == 'AMD EPYC 7B13，AVX2'
    assert cpu.recorded_phrase({'machine': 'x86_64'}) == '未记录CPU型号'  # recorded before 2026-11-29


def test_this_machine_is_described():
    here = cpu.record()
    assert here['cpu'] and here['isa'] in ('AVX-512', 'AVX2', 'AVX', 'SSE4.1', 'NEON', '?')

#!/usr/bin/env python3
"""Writes the .npy fixtures for test/io/npy.test.ts into test/fixtures/npy/, with manifest.json.

Every numeric dtype x byte order x C/Fortran order, 0-d and empty arrays, format versions 2 and 3,
refused dtypes, and malformed files built byte by byte. Expected values are plain numbers in C order
(bools as 0/1; 'nan', 'inf', '-inf' as strings), already rounded to what layerspec produces (float32
for float dtypes). Run: python3 scripts/npy_fixtures.py
"""
import json
import os
import shutil
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'npy')
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
manifest = []


def num(v):
    v = float(v)
    if np.isnan(v):
        return 'nan'
    if np.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def expect_ok(name, arr, out_dtype):
    flat = np.ascontiguousarray(arr).reshape(-1)
    if out_dtype == 'float32':
        values = [num(np.float32(v)) for v in flat]
    else:
        values = [int(v) for v in flat]
    manifest.append({'name': name, 'ok': True, 'shape': list(arr.shape), 'dtype': out_dtype, 'values': values})


def expect_err(name, code, contains=None, header_ok=False):
    e = {'name': name, 'ok': False, 'code': code, 'headerOk': header_ok}
    if contains:
        e['contains'] = contains
    manifest.append(e)


def save(name, arr, version=None):
    with open(os.path.join(OUT, name), 'wb') as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=True)


def raw(name, header, version=1, data=b'', magic=b'\x93NUMPY', header_len=None):
    """A file built byte by byte: magic, version, header length, header text, data."""
    h = header.encode('latin1') if isinstance(header, str) else header
    n = len(h) if header_len is None else header_len
    pre = magic + bytes([version, 0]) + (struct.pack('<H', n) if version == 1 else struct.pack('<I', n))
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(pre + h + data)


def header(descr, shape, fortran=False):
    return "{'descr': %r, 'fortran_order': %s, 'shape': %r, }\n" % (descr, fortran, tuple(shape))


# --- every numeric dtype x byte order x order -------------------------------------------------------
base = np.arange(12).reshape(2, 3, 2)
samples = {
    'b1': (base % 3 == 0), 'i1': base * 10 - 60, 'i2': base * 2000 - 12000, 'i4': base * 100000000 - 600000000,
    'i8': base * 100000000 - 600000000, 'u1': base * 21, 'u2': base * 5000, 'u4': base * 150000000 + 7,
    'u8': base * 150000000 + 7, 'f2': (base - 5.5) / 3, 'f4': (base - 5.5) / 3, 'f8': (base - 5.5) / 3,
}
out_of = {'b': 'bool', 'i': 'int32', 'u': 'int32', 'f': 'float32'}
for code, values in samples.items():
    orders = ['|'] if code[1] == '1' else ['<', '>']
    for bo in orders:
        dt = np.dtype(bo + code if bo != '|' else code)
        a = values.astype(dt)
        for order in 'CF':
            name = '%s_%s_%s.npy' % (code, {'<': 'le', '>': 'be', '|': 'na'}[bo], order)
            save(name, np.asfortranarray(a) if order == 'F' else np.ascontiguousarray(a))
            expect_ok(name, a, out_of[code[0]])

# '=' (native) is normalised away by numpy.save: build it by hand (this machine is little-endian)
a = samples['f4'].astype('<f4')
raw('f4_native_eq.npy', header('=f4', a.shape), data=a.tobytes())
expect_ok('f4_native_eq.npy', a, 'float32')
a = samples['i2'].astype('<i2')
raw('i2_bar.npy', header('|i2', a.shape), data=a.tobytes())
expect_ok('i2_bar.npy', a, 'int32')

# --- float16 specials, float64 rounding, extreme integers --------------------------------------------
h = np.array([0.0, -0.0, 1.0, -2.5, 65504.0, -65504.0, 6.1035156e-05, 5.9604645e-08, 1e-6, np.inf, -np.inf, np.nan], dtype='<f2')
save('f2_special.npy', h)
expect_ok('f2_special.npy', h, 'float32')
save('f2_special_be.npy', h.astype('>f2'))
expect_ok('f2_special_be.npy', h, 'float32')
d = np.array([0.1, 1 / 3, 1e-40, -1e30, 3.4028234663852886e38, np.nan, np.inf, -np.inf], dtype='<f8')
save('f8_rounding.npy', d)
expect_ok('f8_rounding.npy', d, 'float32')
save('f8_overflow.npy', np.array([[1.0, 2.0], [3.0, 1e39]], dtype='<f8'))
expect_err('f8_overflow.npy', 'npy/range', '(1, 1)', header_ok=True)
ext = np.array([-2**31, 2**31 - 1, 0], dtype='<i8')
save('i8_extremes.npy', ext)
expect_ok('i8_extremes.npy', ext, 'int32')
save('i8_range.npy', np.array([[0, 1, 2], [3, 2**31, 5]], dtype='>i8'))
expect_err('i8_range.npy', 'npy/range', '(1, 1)', header_ok=True)
save('i8_range_F.npy', np.asfortranarray(np.array([[0, 1, 2], [3, 4, -2**40]], dtype='<i8')))
expect_err('i8_range_F.npy', 'npy/range', '(1, 2)', header_ok=True)
save('u8_range.npy', np.array([1, 2**64 - 1], dtype='<u8'))
expect_err('u8_range.npy', 'npy/range', '(1,)', header_ok=True)
save('u4_range.npy', np.array([7, 2**31], dtype='<u4'))
expect_err('u4_range.npy', 'npy/range', '2147483648', header_ok=True)

# --- 0-d, empty, versions -------------------------------------------------------------------------
for name, arr, out in [
    ('zero_d_f8.npy', np.array(3.25, dtype='<f8'), 'float32'),
    ('zero_d_b1.npy', np.array(True), 'bool'),
    ('zero_d_i4_be.npy', np.array(-7, dtype='>i4'), 'int32'),
    ('empty_0.npy', np.zeros((0,), dtype='<f4'), 'float32'),
    ('empty_0x3.npy', np.zeros((0, 3), dtype='<i8'), 'int32'),
    ('empty_3x0_F.npy', np.asfortranarray(np.zeros((3, 0), dtype='>f8')), 'float32'),
]:
    save(name, arr)
    expect_ok(name, arr, out)
for v in (2, 3):
    a = samples['f4'].astype('<f4')
    save('v%d.npy' % v, a, version=(v, 0))
    expect_ok('v%d.npy' % v, a, 'float32')

# --- refused dtypes ----------------------------------------------------------------------------------
save('object.npy', np.array([1, 'a', None], dtype=object))
expect_err('object.npy', 'npy/dtype', 'pickled')
save('structured.npy', np.zeros(2, dtype=[('x', '<f4'), ('y', '<i4')]))
expect_err('structured.npy', 'npy/dtype', 'structured')
for name, arr, what in [
    ('unicode.npy', np.array(['hello', 'x'], dtype='<U5'), "dtype '<U5' (unicode strings)"),
    ('bytes.npy', np.array([b'ab', b'c'], dtype='S2'), 'byte strings'),
    ('void.npy', np.zeros(2, dtype='V4'), 'void'),
    ('complex.npy', np.array([1 + 2j], dtype='<c16'), 'complex'),
    ('datetime.npy', np.array(['2024-01-01'], dtype='datetime64[D]'), 'datetime64'),
    ('timedelta.npy', np.array([5], dtype='timedelta64[s]'), 'timedelta64'),
    ('longdouble.npy', np.array([1.5], dtype=np.longdouble), 'longdouble'),
]:
    save(name, arr)
    expect_err(name, 'npy/dtype', what)

# --- malformed files, byte by byte -----------------------------------------------------------------
ok_data = np.arange(3, dtype='<f4').tobytes()
good = header('<f4', (3,))
raw('bad_magic.npy', good, data=ok_data, magic=b'\x93NUMPZ')
expect_err('bad_magic.npy', 'npy/magic')
with open(os.path.join(OUT, 'not_npy.npy'), 'wb') as f:
    f.write(b'PK\x03\x04 this is a zip, not npy')
expect_err('not_npy.npy', 'npy/magic')
with open(os.path.join(OUT, 'empty_file.npy'), 'wb') as f:
    pass
expect_err('empty_file.npy', 'npy/truncated')
with open(os.path.join(OUT, 'short_preamble.npy'), 'wb') as f:
    f.write(b'\x93NUMPY\x01')
expect_err('short_preamble.npy', 'npy/truncated')
raw('bad_version_4.npy', good, version=4, data=ok_data)
expect_err('bad_version_4.npy', 'npy/version', '4.0')
with open(os.path.join(OUT, 'bad_version_1_1.npy'), 'wb') as f:
    f.write(b'\x93NUMPY\x01\x01' + struct.pack('<H', len(good)) + good.encode() + ok_data)
expect_err('bad_version_1_1.npy', 'npy/version', '1.1')
raw('truncated_header.npy', good[:20], header_len=len(good))
expect_err('truncated_header.npy', 'npy/truncated', 'header')
raw('header_too_long.npy', good, version=2, header_len=20000)
expect_err('header_too_long.npy', 'npy/header', '10000')
raw('header_list.npy', "['descr', '<f4']\n", data=ok_data)
expect_err('header_list.npy', 'npy/header', 'not a dict')
raw('header_garbage.npy', "descr: <f4\n", data=ok_data)
expect_err('header_garbage.npy', 'npy/header')
raw('header_call.npy', "{'descr': __import__('os').system('true'), 'fortran_order': False, 'shape': (3,), }\n", data=ok_data)
expect_err('header_call.npy', 'npy/header')
raw('header_unclosed.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), \n", data=ok_data)
expect_err('header_unclosed.npy', 'npy/header')
raw('header_extra_key.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1}\n", data=ok_data)
expect_err('header_extra_key.npy', 'npy/header', "'extra'")
raw('header_missing_key.npy', "{'descr': '<f4', 'shape': (3,)}\n", data=ok_data)
expect_err('header_missing_key.npy', 'npy/header', "'fortran_order'")
raw('header_dup_key.npy', "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,)}\n", data=ok_data)
expect_err('header_dup_key.npy', 'npy/header', 'duplicate')
raw('header_fortran_int.npy', "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}\n", data=ok_data)
expect_err('header_fortran_int.npy', 'npy/header', 'fortran_order')
raw('header_bad_utf8_v3.npy', b"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), '\xff': 1}\n", version=3, data=ok_data)
expect_err('header_bad_utf8_v3.npy', 'npy/header', 'UTF-8')
raw('shape_negative.npy', header('<f4', (-3,)), data=ok_data)
expect_err('shape_negative.npy', 'npy/shape', 'negative')
raw('shape_overflow.npy', header('<f4', (2**62, 2**62)), data=ok_data)
expect_err('shape_overflow.npy', 'npy/shape')
raw('shape_huge_int.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }\n" % 10**40, data=ok_data)
expect_err('shape_huge_int.npy', 'npy/shape')
raw('shape_list.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': [3], }\n", data=ok_data)
expect_err('shape_list.npy', 'npy/shape', 'tuple')
raw('shape_float.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,), }\n", data=ok_data)
expect_err('shape_float.npy', 'npy/header')
raw('descr_bad.npy', header('float32', (3,)), data=ok_data)
expect_err('descr_bad.npy', 'npy/dtype')
# a valid header whose data is cut short / followed by junk: the header is still readable
raw('data_truncated.npy', header('<f4', (1000, 4)), data=np.arange(100, dtype='<f4').tobytes())
expect_err('data_truncated.npy', 'npy/truncated', '16000', header_ok=True)
raw('data_trailing.npy', good, data=ok_data + b'junk')
expect_err('data_trailing.npy', 'npy/trailing', header_ok=True)
# header written by Python 2 NumPy: long integers with an L suffix
raw('py2_long.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (3L,), }\n", data=ok_data)
expect_ok('py2_long.npy', np.arange(3, dtype='<f4'), 'float32')

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
    f.write('\n')
total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
print('%d fixtures, %d bytes' % (len(manifest), total))

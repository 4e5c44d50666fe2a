#!/usr/bin/env python3
"""Writes the .npz fixtures for test/io/npz.test.ts into test/fixtures/npz/, with manifest.json.

Archives NumPy writes (numpy.savez, numpy.savez_compressed, positional and unicode keys, zip64 records,
data descriptors, nested layer/weight keys) and hostile ones built with Python's zipfile and then patched
byte by byte: path-like and non-.npy entry names, duplicates, encryption, other compression methods, split
archives, bad CRCs, truncation, overlapping entries, zip bombs (declared huge, lying about their size,
honest but too large for a limit). Expected values are plain numbers in C order (bools as 0/1; 'nan', 'inf',
'-inf' as strings), rounded to what layerspec produces (float32 for float dtypes).
Run: python3 scripts/npz_fixtures.py
"""
import io
import json
import os
import shutil
import struct
import time
import zipfile

import numpy as np

# zipfile.writestr stamps entries with the current time: pin it, so that re-running gives the same bytes
time.time = lambda: 946684800.0  # 2000-01-01 00:00:00 UTC
os.environ['TZ'] = 'UTC'
time.tzset()

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'npz')
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
manifest = []


def path(name):
    return os.path.join(OUT, name)


def num(v):
    v = float(v)
    if np.isnan(v):
        return 'nan'
    if np.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def expected(arr):
    out = 'bool' if arr.dtype.kind == 'b' else 'float32' if arr.dtype.kind == 'f' else 'int32'
    flat = np.ascontiguousarray(arr).reshape(-1)
    values = [num(np.float32(v)) for v in flat] if out == 'float32' else [int(v) for v in flat]
    return {'shape': list(arr.shape), 'dtype': out, 'descr': arr.dtype.str, 'fortran': bool(arr.flags.f_contiguous and not arr.flags.c_contiguous), 'values': values}


def expect_ok(name, arrays, **options):
    e = {'name': name, 'ok': True, 'arrays': {k: expected(v) for k, v in arrays.items()}}
    if options:
        e['options'] = options
    manifest.append(e)


def expect_err(name, code, entry=None, contains=None, header_code='same', **options):
    """header_code: the code readNpzHeaders gives ('same' as readNpz, or None when it succeeds)."""
    e = {'name': name, 'ok': False, 'code': code, 'entry': entry, 'headerCode': code if header_code == 'same' else header_code}
    if contains:
        e['contains'] = contains
    if options:
        e['options'] = options
    manifest.append(e)


def npy_bytes(arr):
    f = io.BytesIO()
    np.lib.format.write_array(f, arr, allow_pickle=True)
    return f.getvalue()


def write_zip(name, entries, compression=zipfile.ZIP_STORED):
    """entries: (entry name, bytes) pairs, written with Python's zipfile as they are."""
    with zipfile.ZipFile(path(name), 'w', compression=compression) as z:
        for entry, data in entries:
            z.writestr(zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=compression)


class Zip:
    """The byte offsets of a zip's records, for patching fields in place."""

    def __init__(self, name):
        self.name = name
        self.b = bytearray(open(path(name), 'rb').read())
        self.end = self.b.rindex(b'PK\x05\x06')
        count, _, cd_offset = struct.unpack_from('<HII', self.b, self.end + 10)
        self.central, self.local = [], []
        p = cd_offset
        for _ in range(count):
            assert self.b[p:p + 4] == b'PK\x01\x02'
            self.central.append(p)
            self.local.append(struct.unpack_from('<I', self.b, p + 42)[0])
            n, m, k = struct.unpack_from('<HHH', self.b, p + 28)
            p += 46 + n + m + k

    def central_field(self, k, offset, fmt, value):
        struct.pack_into(fmt, self.b, self.central[k] + offset, value)

    def local_field(self, k, offset, fmt, value):
        struct.pack_into(fmt, self.b, self.local[k] + offset, value)

    def data_offset(self, k):
        n, m = struct.unpack_from('<HH', self.b, self.local[k] + 26)
        return self.local[k] + 30 + n + m

    def save(self, name=None):
        open(path(name or self.name), 'wb').write(bytes(self.b))


# --- archives NumPy writes ---------------------------------------------------------------------------
arrays = {
    'f2': np.array([[0.5, -1.25, 65504.0], [np.inf, -0.0, 6e-8]], dtype='<f2'),
    'f4_F': np.asfortranarray((np.arange(6, dtype='<f4').reshape(2, 3) - 2.5) / 3),
    'f8_be': np.array([0.1, -1e30, np.nan, 1 / 3], dtype='>f8'),
    'i8': np.array([[-2**31, 2**31 - 1], [0, -5]], dtype='<i8'),
    'i2_be_F': np.asfortranarray(np.arange(-6, 6, dtype='>i2').reshape(3, 2, 2)),
    'u1': np.array([0, 7, 255], dtype='u1'),
    'u4_be': np.array([1, 2**31 - 1], dtype='>u4'),
    'mask': np.array([[True, False, True], [False, False, True]]),
    'scalar': np.array(3.25, dtype='<f8'),
    'scalar_i': np.array(-7, dtype='>i4'),
    'empty': np.zeros((0, 3), dtype='<f4'),
    'empty_F': np.asfortranarray(np.zeros((2, 0), dtype='>i8')),
}
np.savez(path('savez.npz'), **arrays)
expect_ok('savez.npz', arrays)
np.savez_compressed(path('savez_compressed.npz'), **arrays)
expect_ok('savez_compressed.npz', arrays)

a, b = np.arange(4, dtype='<f4'), np.array([[1, 2], [3, 4]], dtype='<i4')
np.savez(path('positional.npz'), a, b)
expect_ok('positional.npz', {'arr_0': a, 'arr_1': b})
uni = {'données': np.array([1.5, 2.5], dtype='<f4'), 'κ': np.array([True])}
np.savez_compressed(path('unicode_keys.npz'), **uni)
expect_ok('unicode_keys.npz', uni)
np.savez(path('empty_archive.npz'))
expect_ok('empty_archive.npz', {})

# keys 'layer/weight', as a --weights archive has them: refused unless nested keys are allowed
nested = {'dense/kernel': np.arange(6, dtype='<f4').reshape(3, 2), 'dense/bias': np.array([0.5, -0.5], dtype='<f4')}
np.savez(path('nested_keys.npz'), **nested)
expect_ok('nested_keys.npz', nested, allowNestedKeys=True)
expect_err('nested_keys.npz', 'npz/entry-name', 'dense/kernel.npy', 'is a path')

# zip64 everywhere: Python's zipfile writes zip64 extras and end records above these limits
saved = zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT
zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 0, 0
small = {'x': np.arange(5, dtype='<f8'), 'y': np.array([[1, 0], [0, 1]], dtype='<i8')}
np.savez_compressed(path('zip64.npz'), **small)
zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = saved
assert b'PK\x06\x06' in open(path('zip64.npz'), 'rb').read()
expect_ok('zip64.npz', small)


class Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in: it writes data descriptors after each entry."""

    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, b):
        return self.f.write(b)


with open(path('data_descriptor.npz'), 'wb') as f:
    np.savez_compressed(Unseekable(f), **small)
assert zipfile.ZipFile(path('data_descriptor.npz')).infolist()[0].flag_bits & 0x8
expect_ok('data_descriptor.npz', small)

# --- names ---------------------------------------------------------------------------------------------
x = npy_bytes(np.arange(3, dtype='<f4'))
for name, entry, what in [
    ('traversal.npz', '../evil.npy', "climbs out of the archive"),
    ('absolute.npz', '/abs.npy', 'absolute path'),
    ('subdir.npz', 'a/b.npy', 'is a path'),
    ('backslash.npz', 'a\\b.npy', 'backslash'),
    ('empty_stem.npz', '.npy', 'empty array name'),
    ('not_npy_entry.npz', 'readme.txt', 'not a .npy array'),
    ('directory_entry.npz', 'sub/', 'directory'),
]:
    write_zip(name, [('x.npy', x), (entry, b'' if entry.endswith('/') else x)])
    expect_err(name, 'npz/entry-name', entry, what)
# zipfile cuts names at NUL: write a same-length name and patch it in both headers
write_zip('nul_name.npz', [('xQ.npy', x)])
z = Zip('nul_name.npz')
z.b[z.local[0] + 30 + 1] = 0
z.b[z.central[0] + 46 + 1] = 0
z.save()
expect_err('nul_name.npz', 'npz/entry-name', 'x\\x00.npy', 'control character')
np.savez(path('no_utf8_flag.npz'), **{'é': np.zeros(1, dtype='<f4')})
z = Zip('no_utf8_flag.npz')
z.central_field(0, 8, '<H', 0)
z.local_field(0, 6, '<H', 0)
z.save()
expect_err('no_utf8_flag.npz', 'npz/entry-name', None, 'UTF-8 flag')
with zipfile.ZipFile(path('duplicate.npz'), 'w') as zf:
    zf.writestr('x.npy', x)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        zf.writestr('x.npy', npy_bytes(np.ones(2, dtype='<f4')))
expect_err('duplicate.npz', 'npz/duplicate', 'x.npy', 'twice')

# --- entry content -----------------------------------------------------------------------------------
np.savez(path('pickled.npz'), ok=np.zeros(2, dtype='<f4'), objects=np.array([1, 'a', None], dtype=object))
expect_err('pickled.npz', 'npy/dtype', 'objects.npy', 'pickled')
write_zip('short_entry.npz', [('x.npy', x[:-4])])
expect_err('short_entry.npz', 'npy/truncated', 'x.npy')
write_zip('long_entry.npz', [('x.npy', x + b'junk')])
expect_err('long_entry.npz', 'npy/trailing', 'x.npy')
write_zip('not_npy_content.npz', [('x.npy', b'hello, this is not an array')])
expect_err('not_npy_content.npz', 'npy/magic', 'x.npy')
write_zip('i8_range.npz', [('big.npy', npy_bytes(np.array([1, 2**40], dtype='<i8')))])
expect_err('i8_range.npz', 'npy/range', 'big.npy', 'does not fit int32', header_code=None)

# --- zip structure -------------------------------------------------------------------------------------
with open(path('not_zip.npz'), 'wb') as f:
    f.write(b'just some text, certainly not a zip archive\n')
expect_err('not_zip.npz', 'npz/not-zip', None, 'numpy.savez')
with open(path('npy_file.npz'), 'wb') as f:
    f.write(x)
expect_err('npy_file.npz', 'npz/not-zip', None, '.npy file')
open(path('empty_file.npz'), 'wb').close()
expect_err('empty_file.npz', 'npz/not-zip', None, 'empty')
whole = open(path('savez.npz'), 'rb').read()
with open(path('truncated.npz'), 'wb') as f:
    f.write(whole[:len(whole) // 2])
expect_err('truncated.npz', 'npz/corrupt', None, 'truncated')
with open(path('appended.npz'), 'wb') as f:
    f.write(whole + b'trailing junk')
expect_err('appended.npz', 'npz/corrupt', None, 'end-of-central-directory')
with open(path('prepended.npz'), 'wb') as f:
    f.write(b'#!/bin/sh\n' + whole)
expect_err('prepended.npz', 'npz/corrupt', None, 'central directory')

write_zip('bad_crc.npz', [('ok.npy', x), ('x.npy', x)])
z = Zip('bad_crc.npz')
z.b[z.data_offset(1) + len(x) - 1] ^= 0x40  # a data byte, not the header
z.save()
expect_err('bad_crc.npz', 'npz/crc', 'x.npy', 'CRC-32', header_code=None)
write_zip('bad_deflate.npz', [('x.npy', x)], zipfile.ZIP_DEFLATED)
z = Zip('bad_deflate.npz')
z.b[z.data_offset(0)] = 0xff  # block type 3 does not exist
z.save()
expect_err('bad_deflate.npz', 'npz/corrupt', 'x.npy', 'deflate')

write_zip('encrypted.npz', [('x.npy', x)])
z = Zip('encrypted.npz')
z.central_field(0, 8, '<H', 1)
z.local_field(0, 6, '<H', 1)
z.save()
expect_err('encrypted.npz', 'npz/encrypted', 'x.npy', 'encrypted')
write_zip('bzip2.npz', [('x.npy', x)], zipfile.ZIP_BZIP2)
expect_err('bzip2.npz', 'npz/method', 'x.npy', 'bzip2')
write_zip('multi_disk.npz', [('x.npy', x)])
z = Zip('multi_disk.npz')
struct.pack_into('<HH', z.b, z.end + 4, 1, 1)
z.save()
expect_err('multi_disk.npz', 'npz/multi-disk', None, 'several disks')
write_zip('cd_outside.npz', [('x.npy', x)])
z = Zip('cd_outside.npz')
struct.pack_into('<I', z.b, z.end + 16, 10**6)
z.save()
expect_err('cd_outside.npz', 'npz/corrupt', None, 'central directory')
write_zip('local_mismatch.npz', [('x.npy', x), ('y.npy', x)])
z = Zip('local_mismatch.npz')
z.central_field(1, 42, '<I', 0)  # y's directory record points at x's local header
z.save()
expect_err('local_mismatch.npz', 'npz/corrupt', 'y.npy', 'disagrees')
# two directory records for one local header: the overlap that non-recursive zip bombs are made of
write_zip('overlap.npz', [('x.npy', x), ('y.npy', x)])
z = Zip('overlap.npz')
z.b[z.central[1] + 46] = ord('x')
z.central_field(1, 42, '<I', 0)
z.save()
expect_err('overlap.npz', 'npz/corrupt', 'x.npy', 'overlaps')
write_zip('zip64_missing.npz', [('x.npy', x)])
z = Zip('zip64_missing.npz')
z.central_field(0, 24, '<I', 0xffffffff)
z.save()
expect_err('zip64_missing.npz', 'npz/zip64', 'x.npy', 'zip64')
write_zip('too_many_declared.npz', [('x.npy', x)])
z = Zip('too_many_declared.npz')
struct.pack_into('<HH', z.b, z.end + 8, 5000, 5000)
z.save()
expect_err('too_many_declared.npz', 'npz/too-many-entries', None, '5000 entries')
expect_err('savez.npz', 'npz/too-many-entries', None, 'more than the 4 allowed', maxEntries=4)

# --- zip bombs ---------------------------------------------------------------------------------------
zeros = npy_bytes(np.zeros(2_000_000, dtype='<f4'))  # 8 MB that deflates to ~8 KB


def declare_size(name, sizes):
    """Patch the decompressed size each entry declares (directory record and local header alike)."""
    z = Zip(name)
    for k, size in enumerate(sizes):
        z.central_field(k, 24, '<I', size)
        z.local_field(k, 22, '<I', size)
    z.save()


write_zip('bomb_declared.npz', [('a.npy', x), ('b.npy', x)], zipfile.ZIP_DEFLATED)
declare_size('bomb_declared.npz', [0xfffffff0, 0xfffffff0])
expect_err('bomb_declared.npz', 'npz/too-large', 'b.npy', 'more than the 4294967296 allowed')
write_zip('bomb_ratio.npz', [('a.npy', x)], zipfile.ZIP_DEFLATED)
declare_size('bomb_ratio.npz', [0xfffffff0])
expect_err('bomb_ratio.npz', 'npz/corrupt', 'a.npy', 'more than deflate can produce')
write_zip('bomb_lying.npz', [('zeros.npy', zeros)], zipfile.ZIP_DEFLATED)
declare_size('bomb_lying.npz', [4096])
# the header read stops too: the first piece it inflates already passes the declared size
expect_err('bomb_lying.npz', 'npz/corrupt', 'zeros.npy', 'inflates to more than the 4096 bytes')
write_zip('bomb_honest.npz', [('zeros.npy', zeros)], zipfile.ZIP_DEFLATED)
expect_err('bomb_honest.npz', 'npz/too-large', 'zeros.npy', 'more than the 1000000 allowed', maxTotalBytes=1_000_000)
manifest.append({'name': 'bomb_honest.npz', 'ok': True, 'arrays': {'zeros': {'shape': [2_000_000], 'dtype': 'float32', 'descr': '<f4', 'fortran': False, 'fill': 0}}})

# every file NumPy itself accepts or refuses as the manifest says (the names and zip checks are stricter)
for e in manifest:
    if e['ok'] and 'options' not in e:
        with np.load(path(e['name'])) as d:
            assert sorted(d.files) == sorted(e['arrays']), e['name']

with open(path('manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1, ensure_ascii=False)
    f.write('\n')
total = sum(os.path.getsize(path(n)) for n in os.listdir(OUT))
print('%d cases, %d files, %d bytes' % (len(manifest), len(os.listdir(OUT)), total))

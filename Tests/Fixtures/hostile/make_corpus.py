#!/usr/bin/env python3
"""Regenerates the hostile corpus: one folder per defect, each folder an inbox.

Folder names start with the rule code the case must produce; HostileCorpusTests.swift holds
each folder's expected rule, file and line, and fails for a folder without an expectation.
Deterministic: gzip with mtime 0, no file name in the header. Run from this folder.
"""
import gzip, hashlib, os, shutil

P = "52-2019-r1"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

def ident(body17):
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, W)) % 11]

HEAD = ident("52010219800101011")
SPOUSE = ident("52010219820202012")
HEAD2 = ident("52010219700303013")

def base():
    return {
        "counties": "county_code,rural_population,rural_income\n520102,100000,12000.50\n",
        "villages": "village_code,county_code,name,poor_village,population,road,water,electricity,broadband,clinic\n"
                    "520102001001,520102,王家村,1,800,1,1,1,0,1\n",
        "households": "household_id,village_code,registered_year,category,cause,status,exit_year,housing_grade,"
                      "safe_water,food_clothing_secured,income_wage,income_operating,income_property,income_transfer,"
                      "operating_cost,measures\n"
                      "H1,520102001001,2015,general,illness,poor,,B,1,1,5000,0,0,2000,300,health\n"
                      "H2,520102001001,2016,general,disability,exited,2018,A,1,1,9000,0,0,0,0,\n",
        "members": "member_id,household_id,name,relation,sex,birth_date,education,schooling,health,labor,"
                   "medical_insured,serious_illness_insured,pension_insured\n"
                   f"{HEAD},H1,张三,head,M,1980-01-01,primary,not_in_school,healthy,ordinary,1,1,0\n"
                   f"{SPOUSE},H1,李四,spouse,F,1982-02-02,primary,not_in_school,healthy,ordinary,1,1,0\n"
                   f"{HEAD2},H2,王五,head,M,1970-03-03,primary,not_in_school,healthy,ordinary,1,1,0\n",
    }

def write_set(folder, files, raw=None):
    os.makedirs(folder)
    for kind, text in files.items():
        data = text if isinstance(text, bytes) else text.encode()
        blob = (raw or {}).get(kind) or gzip.compress(data, mtime=0)
        with open(f"{folder}/{P}.{kind}.csv.gz", "wb") as f:
            f.write(blob)

def case(name):
    if os.path.exists(name):
        shutil.rmtree(name)
    return name

# F001: nothing here fits a pattern.
d = case("F001-not-a-submission"); os.makedirs(d)
open(f"{d}/notes.txt", "w").write("not a submission\n")
open(f"{d}/52-2019-r01.registry.xml", "w").write("<registry/>\n")  # leading zero: not canonical

# F002: a symlink leading outside the inbox.
d = case("F002-symlink-outside"); os.makedirs(d)
os.symlink("/etc/passwd", f"{d}/{P}.registry.xml")
# F002 (issue 13): a symlink to a device (reading /dev/zero never ends) and one to the pipeline's
# key: both refused without being opened, and neither gets a size or digest in the manifest.
d = case("F002-symlink-to-device"); os.makedirs(d)
os.symlink("/dev/zero", f"{d}/{P}.registry.xml")
d = case("F002-symlink-to-key"); os.makedirs(d)
os.symlink("../../../../pipelines/sample.key", f"{d}/{P}.registry.xml")
# A FIFO (issue 13) cannot be committed: HostileCorpusTests.aFIFOIsRefusedWithoutWaiting makes one.

# F003: sidecar does not match.
d = case("F003-checksum-mismatch"); write_set(d, base())
open(f"{d}/{P}.households.csv.gz.sha256", "w").write("0" * 64 + f"  {P}.households.csv.gz\n")

# F004: corrupt deflate data.
d = case("F004-corrupt-gzip"); b = base()
blob = bytearray(gzip.compress(b["households"].encode(), mtime=0)); blob[len(blob) // 2] ^= 0xFF
write_set(d, b, raw={"households": bytes(blob)})

# F005: truncated gzip (incomplete upload).
d = case("F005-truncated-gzip"); b = base()
write_set(d, b, raw={"members": gzip.compress(b["members"].encode(), mtime=0)[:-10]})

# F006: a gzip bomb (8 MiB of one byte; the test bounds inflation at 1 MiB).
d = case("F006-gzip-bomb"); b = base()
write_set(d, b, raw={"villages": gzip.compress(b"a" * (8 << 20), mtime=0, compresslevel=9)})

# F012: a CSV set missing its members file.
d = case("F012-missing-csv-file"); b = base(); del b["members"]; write_set(d, b)

# F013: households without the status column.
d = case("F013-missing-column"); b = base()
b["households"] = "\n".join(",".join(c for i, c in enumerate(l.split(",")) if i != 5) for l in b["households"].split("\n"))
write_set(d, b)

# F017: a column named twice.
d = case("F017-duplicate-column"); b = base()
b["counties"] = "county_code,rural_population,rural_income,county_code\n520102,100000,12000.50,520102\n"
write_set(d, b)

# F018: empty counties file (valid gzip of nothing).
d = case("F018-empty-csv"); b = base(); b["counties"] = ""; write_set(d, b)

# F014: both households rejected (100% > 5%).
d = case("F014-too-many-rejected"); b = base()
b["households"] = b["households"].replace(",general,", ",General,")
write_set(d, b)

# R001: a ragged households row (line 3).
d = case("R001-ragged-row"); b = base()
b["households"] = b["households"].replace("9000,0,0,0,0,\n", "9000,0,0,0,0,,extra\n")
write_set(d, b)

# R002: unterminated quote in the members file (line 4, runs to the end).
d = case("R002-unterminated-quote"); b = base()
b["members"] = b["members"].replace(",王五,", ',"王五,')
write_set(d, b)

# R003: invalid UTF-8 in a village name (line 2).
d = case("R003-invalid-utf8"); b = base()
b["villages"] = b["villages"].encode().replace("王家村".encode(), b"\xff\xfe") 
write_set(d, b)

# R004: NUL byte in a household row (line 2).
d = case("R004-nul-byte"); b = base()
b["households"] = b["households"].replace("H1,", "H\x001,", 1)
write_set(d, b)

# R006: text after a closing quote (members line 3).
d = case("R006-malformed-quote"); b = base()
b["members"] = b["members"].replace(",李四,", ',"李"四,')
write_set(d, b)

# M010: orphan member row (line 5).
d = case("M010-orphan-member"); b = base()
b["members"] += f"{ident('52010219900101021')},H404,赵六,child,M,1990-01-01,primary,not_in_school,healthy,ordinary,1,1,0\n"
write_set(d, b)

# H012: same identity number, once with lowercase x (later one rejected: members line 4).
d = case("H012-duplicate-identity-lowercase-x"); b = base()
x_id = "11010519491231002X"
b["members"] = b["members"].replace(f"{HEAD},H1,张三,head,M,1980-01-01", f"{x_id},H1,张三,head,F,1949-12-31")
b["members"] = b["members"].replace(f"{HEAD2},H2,王五,head,M,1970-03-03", f"{x_id.lower()},H2,王五,head,F,1949-12-31")
write_set(d, b)

# Quoted line breaks keep later line numbers true: the second village's bad boolean is on
# physical line 4 of the villages file (its first row spans lines 2-3).
d = case("V002-line-after-quoted-newline"); b = base()
b["villages"] = b["villages"].replace("王家村", '"王家\n村"') + "520102001002,520102,李家村,x,10,1,1,1,1,1\n"
write_set(d, b)

#!/usr/bin/env python3
"""Write a small hand-made inbox (CSV.gz sets) with edge cases of indicators.md.

usage: make_edge_inbox.py INBOX_DIR
Used by EndToEndTests.independentRecomputationAgreesWithTheExports: the pipeline runs on it and
scripts/crosscheck_indicators.py recomputes every indicator from the contract. Cases: incomes
exactly at z and 1.1 z and float-borderline incomes, school ages 5/6/15/16, village and county
incidence exactly at 2 % and 3 %, a poor village of population 0, removed and cross-province
identity holders (lower-case x included), households moving village or county, revisions and
submissions rejected whole. Identity numbers are synthetic with valid GB 11643 check digits.
Provinces 41 (non-western) and 52 (western), years 2019, 2020, 2021 (2021 has no poverty line
in the shipped reference data), a revision 2 of 52-2020 that drops a county.
"""
import csv
import gzip
import io
import os
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHK = "10X98765432"
_seq = {}


def ident(region, birth, sex, seq=None):
    key = (region, birth)
    if seq is None:
        n = _seq.get(key, 0) + 1
        _seq[key] = n
        seq = 2 * n - (1 if sex == "M" else 0)  # odd male, even female
    body = f"{region}{birth.replace('-', '')}{seq:03d}"
    s = sum(int(c) * w for c, w in zip(body, W))
    return body + CHK[s % 11]


def money(fen):
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


class Sub:
    def __init__(self, prov, year, rev=1):
        self.prov, self.year, self.rev = prov, year, rev
        self.counties, self.villages, self.households, self.members = [], [], [], []

    def county(self, code, pop, income_fen):
        self.counties.append([code, pop, money(income_fen)])

    def village(self, code, poor, pop, road=1, water=1, elec=1, bb=1, clinic=1):
        self.villages.append([code, code[:6], "村" + code[-3:], int(poor), pop, road, water, elec, bb, clinic])

    def household(self, hid, village, status, exit_year=None, income=(300000, 0, 0, 0, 0),
                  grade="A", water=1, food=1, members=None, category="general", cause="illness",
                  measures="", reg=2014):
        """income: wage, operating, property, transfer, cost in fen."""
        w, o, p, t, c = income
        self.households.append([hid, village, reg, category, cause, status,
                                "" if exit_year is None else exit_year, grade, water, food,
                                money(w), money(o), money(p), money(t), money(c), measures])
        members = members or [dict()]
        for i, m in enumerate(members):
            sex = m.get("sex", "M")
            birth = m.get("birth", "1970-03-04")
            mid = m.get("id") or ident(village[:6], birth, sex)
            self.members.append([mid, hid, "某人", "head" if i == 0 else m.get("relation", "child"),
                                 sex, birth, "primary", m.get("schooling", "not_in_school"),
                                 "healthy", "ordinary", m.get("med", 1), m.get("sill", 1), 1])
        return self

    def write(self, inbox):
        pre = f"{self.prov}-{self.year}-r{self.rev}"
        tables = {
            "counties": (["county_code", "rural_population", "rural_income"], self.counties),
            "villages": (["village_code", "county_code", "name", "poor_village", "population",
                          "road", "water", "electricity", "broadband", "clinic"], self.villages),
            "households": (["household_id", "village_code", "registered_year", "category", "cause",
                            "status", "exit_year", "housing_grade", "safe_water",
                            "food_clothing_secured", "income_wage", "income_operating",
                            "income_property", "income_transfer", "operating_cost", "measures"],
                           self.households),
            "members": (["member_id", "household_id", "name", "relation", "sex", "birth_date",
                         "education", "schooling", "health", "labor", "medical_insured",
                         "serious_illness_insured", "pension_insured"], self.members),
        }
        for name, (head, rows) in tables.items():
            buf = io.StringIO()
            wr = csv.writer(buf, lineterminator="\n")
            wr.writerow(head)
            wr.writerows(rows)
            with gzip.GzipFile(os.path.join(inbox, f"{pre}.{name}.csv.gz"), "wb", mtime=0) as f:
                f.write(buf.getvalue().encode())


def fillers(s, village, prefix, n, year, status="exited", exit_year=None, size=2):
    for i in range(n):
        s.household(f"{prefix}-F{i:02d}", village, status,
                    exit_year=(year - 3 if exit_year is None else exit_year) if status in ("exited", "returned") else None,
                    income=(500000 + 1111 * i, 20000, 3000, 10000, 5000),
                    members=[dict(birth=f"19{60 + i % 30}-01-0{1 + i % 9}")] + [dict(birth="1995-05-05", sex="F", relation="spouse")] * (size - 1),
                    measures="industry;health" if i % 3 == 0 else "")


def build(inbox):
    os.makedirs(inbox, exist_ok=True)
    shared_dup = ident("410221", "1980-07-07", "M", 901)       # held in 41 and 52 (both in H)
    removed_dup = ident("410221", "1981-08-08", "F", 902)      # held in 41 (removed household) and 52
    for y in (2019, 2020, 2021):
        z = {2019: 3218, 2020: 4000, 2021: 4000}[y]       # 2021: no line in reference; incomes as 2020
        zf = z * 100
        # ---------------------------------------------------------------- province 41
        s = Sub("41", y)
        A, B, C, E, H = "410221", "410222", "419001", "410122", "410223"
        s.county(A, 5000, 1200000 + 10000 * (y - 2019))
        s.county(B, 3000, 1100000 + 20000 * (y - 2019))
        if y >= 2020:
            s.county(C, 8000, 1500000)                    # no statistics in 2019
        s.county(E, 1000, 999999)
        s.county(H, 4000, 1300000)
        s.village(A + "100001", True, 100)                # P size 2 of 100 → exactly 2 %, not < 2
        s.village(A + "100002", True, 0, road=0)          # population 0: never below threshold
        s.village(A + "100003", True, 150, bb=0)          # P size 2 of 150 → 1.33 % → below
        s.village(A + "100004", False, 500)
        s.village(B + "100001", True, 80, clinic=0)       # county without households
        s.village(C + "100001", False, 300)
        s.village(E + "100001", False, 300)
        s.village(H + "100001", True, 400, water=0)
        v1, v2, v3, v4 = A + "100001", A + "100002", A + "100003", A + "100004"
        # poor household, pcni exactly z (size 2)
        s.household("A-POOR-EQZ", v1, "poor", income=(2 * zf - 50000, 30000, 0, 20000, 0),
                    members=[dict(birth="1960-01-01"), dict(birth="1962-02-02", sex="F", relation="spouse")],
                    cause="disability", category="low_income_guarantee", measures="health;education")
        # returned household in village 3 (size 2, in P)
        s.household("A-RET", v3, "returned", exit_year=2018, income=(zf, 0, 0, 0, 0),
                    members=[dict(birth="1955-01-01"), dict(birth="1957-01-01", sex="F", relation="spouse")],
                    cause="lack_of_capital", measures="microcredit")
        # exited this year at exactly 1.1 z (size 1): bunching, not wrongful
        s.household("A-EX-11Z", v4, "exited", exit_year=y, income=(zf * 11 // 10, 0, 0, 0, 0))
        # exited this year, above line but food not secured → wrongful
        s.household("A-EX-NOFOOD", v4, "exited", exit_year=y, income=(zf * 3, 0, 0, 0, 0), food=0)
        # exited this year, above line but a member not medically insured → wrongful
        s.household("A-EX-NOMED", v4, "exited", exit_year=y, income=(zf * 4, 0, 0, 0, 0),
                    members=[dict(), dict(birth="2000-01-01", relation="child", med=0, sill=0)])
        # exited this year, housing grade C → wrongful
        s.household("A-EX-HOUSEC", v4, "exited", exit_year=y, income=(zf * 2, 0, 0, 0, 0), grade="C")
        # exited this year, pcni exactly z → not above → wrongful; pcni < z false → no FGT term
        s.household("A-EX-EQZ", v4, "exited", exit_year=y, income=(zf, 0, 0, 0, 0), grade="B")
        # exited last year: in H, not in X
        s.household("A-EX-PREV", v4, "exited", exit_year=y - 1, income=(zf * 2, 0, 0, 0, 0))
        # negative income household, poor (size 3): max(pcni, 0) = 0
        s.household("A-NEG", v4, "poor", income=(10000, -200000, 0, 5000, 1000),
                    members=[dict(birth="1970-01-01"), dict(birth="1972-01-01", sex="F", relation="spouse"),
                             dict(birth="1999-12-31", relation="child")], cause="disaster",
                    category="extreme_poverty_support", measures="industry;employment;relocation;ecological;education;health;social_security;asset_income;microcredit;housing_renovation")
        # school-age boundaries; all 'dropout' / 'not_in_school' except one in_school
        s.household("A-SCHOOL", v4, "exited", exit_year=2016, income=(zf * 5, 0, 0, 0, 0), members=[
            dict(birth="1975-06-06"),
            dict(birth=f"{y - 5}-01-01", schooling="not_in_school"),   # age 5: not school age
            dict(birth=f"{y - 6}-12-31", schooling="dropout"),         # age 6: out of school
            dict(birth=f"{y - 15}-01-01", schooling="not_in_school"),  # age 15: out of school
            dict(birth=f"{y - 16}-12-31", schooling="dropout"),        # age 16: not school age
            dict(birth=f"{y - 10}-05-05", schooling="in_school", sex="F"),  # age 10: in school
            dict(birth=f"{y - 12}-05-05", schooling="home_schooled", sex="F"),
            dict(birth=f"{y - 13}-05-05", schooling="exempt", sex="F"),
        ])
        # cross-province duplicate (also in 52), in H
        s.household("A-DUP", v4, "exited", exit_year=2017, income=(zf * 3, 0, 0, 0, 0),
                    members=[dict(id=shared_dup, birth="1980-07-07")])
        # removed household holding an identity number also in 52: not in H
        s.household("A-REMOVED", v4, "removed", income=(zf * 3, 0, 0, 0, 0),
                    members=[dict(id=removed_dup, birth="1981-08-08", sex="F")])
        # panel: moves from county A (2019) to county C (2020, 2021)
        s.household("A-MOVER", v4 if y == 2019 else C + "100001", "poor",
                    income=(zf // 2 + 1000 * (y - 2019), 0, 0, 0, 0), cause="lack_of_labor")
        # panel: removed in 2019, present in 2020: not a panel household in 2020
        s.household("A-REMOVED19", v4, "removed" if y == 2019 else "poor", income=(zf // 3, 0, 0, 0, 0),
                    cause="other")
        # new in 2021 only
        if y == 2021:
            s.household("A-NEW21", v4, "poor", income=(zf // 4, 0, 0, 0, 0), reg=2021, cause="education")
        # one rejected household (bad cause) → households_rejected 1 of the received
        s.households.append(["A-BAD", v4, 2014, "general", "bad_luck", "poor", "", "A", 1, 1,
                             "100.00", "0.00", "0.00", "0.00", "0.00", ""])
        s.members.append([ident(A, "1990-01-01", "M"), "A-BAD", "某", "head", "M", "1990-01-01",
                          "primary", "not_in_school", "healthy", "ordinary", 1, 1, 1])
        fillers(s, v4, "A", 12, y)
        # county C: one poor household just under the line (tiny FGT values), in 2020+
        if y >= 2020:
            s.household("C-JUSTBELOW", C + "100001", "poor", income=(zf - 1, 0, 0, 0, 0))
        # county E: poor population exactly 2 % of rural population (20 of 1000), no exits
        for i in range(5):
            s.household(f"E-P{i}", E + "100001", "poor", income=(zf // 2, 0, 0, 0, 0),
                        members=[dict(birth="1970-01-01")] + [dict(birth="2001-01-01")] * 3, cause="lack_of_skills")
        # county H: float-borderline incomes (exact decimals hit z and 1.1 z; doubles overshoot)
        tricky = {2019: {"eqz": (199618, 61047, 34455, 37459, 10779), "eq11": (135834, 83737, 33438, 124543, 23572)},
                  2020: {"eqz": (135834, 83737, 33438, 170563, 23572), "eq11": (145057, 15405, 44090, 236984, 1536)}}
        t = tricky[2020 if y == 2021 else y]
        s.household("H-POOR-EQZ", H + "100001", "poor", income=t["eqz"])
        s.household("H-EX-EQZ", H + "100001", "exited", exit_year=y, income=t["eqz"])
        s.household("H-EX-EQ11", H + "100001", "exited", exit_year=y, income=t["eq11"])
        s.household("H-EX-OK", H + "100001", "exited", exit_year=y, income=(zf * 3, 0, 0, 0, 0))
        fillers(s, H + "100001", "H", 4, y)
        s.write(inbox)

        # ---------------------------------------------------------------- province 52
        revs = [1, 2] if y == 2020 else [1]
        for rev in revs:
            s = Sub("52", y, rev)
            F_, G_, D_ = "520111", "520112", "520113"
            s.county(F_, 200, 900000 + 5000 * (y - 2019))  # tiny rural population: incidence 2..3 %
            s.county(G_, 100000, 800000)
            if not (y == 2020 and rev == 2):
                s.county(D_, 5000, 700000)                 # dropped by 52-2020-r2
                s.village(D_ + "100001", True, 50)
                s.household("D-P", D_ + "100001", "poor", income=(100000, 0, 0, 0, 0))
            s.village(F_ + "100001", True, 200)             # P size 5 of 200 = 2.5 %: < 3 (western)
            s.village(G_ + "100001", True, 100)             # P size 3 of 100 = 3 %: not < 3
            s.village(G_ + "100002", False, 100)
            for i in range(5):
                s.household(f"F-P{i}", F_ + "100001", "poor", income=(zf // 2 + 100 * i, 0, 0, 0, 0),
                            cause="poor_transport")
            # county F: two exits, one wrongful → wrongful 50 %
            s.household("F-X1", F_ + "100001", "exited", exit_year=y, income=(zf * 2, 0, 0, 0, 0))
            s.household("F-X2", F_ + "100001", "exited", exit_year=y, income=(zf // 2, 0, 0, 0, 0))
            s.household("G-P", G_ + "100001", "poor", income=(zf // 3, 0, 0, 0, 0),
                        members=[dict(birth="1950-01-01"), dict(birth="1951-01-01", sex="F", relation="spouse"),
                                 dict(birth="1980-01-01")], cause="lack_of_water")
            # cross-province duplicates
            s.household("G-DUP", G_ + "100002", "exited", exit_year=2017, income=(zf * 3, 0, 0, 0, 0),
                        members=[dict(birth="1960-01-01"), dict(id=shared_dup, birth="1980-07-07"),
                                 dict(id=removed_dup, birth="1981-08-08", sex="F")])
            # county G: 60 exits, one wrongful → 1/60 = 1.67 % < 2, eligible if incidence < 3
            for i in range(60):
                s.household(f"G-X{i:02d}", G_ + "100002", "exited", exit_year=y,
                            income=(zf * 2 + i * 100 if i else zf - 100, 0, 0, 0, 0))
            fillers(s, G_ + "100002", "G", 20 + rev, y)
            s.write(inbox)


def x_identity():
    for d in range(1, 29):
        for seq in range(1, 999, 2):
            i = ident("530102", f"1985-03-{d:02d}", "M", seq)
            if i.endswith("X"):
                return i, f"1985-03-{d:02d}", "M"


XID, XBIRTH, XSEX = x_identity()


def build_extra(inbox):
    """Whole-submission edge cases and a few more county cases."""
    shared_dup = ident("410221", "1980-07-07", "M", 901)
    for y in (2019, 2020):
        z = {2019: 3218, 2020: 4000}[y]
        zf = z * 100
        # 53-y-r1: a third holder of shared_dup; a county with tiny FGT; a western county
        # with incidence 2.5 % (< 3) and no exits → eligible
        s = Sub("53", y)
        K, L = "530102", "530103"
        s.county(K, 10000, 1000000)
        s.county(L, 200, 1000000)
        s.village(K + "100001", False, 300)
        s.village(L + "100001", True, 200)
        s.household("K-TINY", K + "100001", "poor", income=(zf - 1, 0, 0, 0, 0))
        s.household("K-DUP", K + "100001", "exited", exit_year=2016, income=(zf * 2, 0, 0, 0, 0),
                    members=[dict(birth="1950-01-01"), dict(id=shared_dup, birth="1980-07-07")])
        for i in range(4):
            s.household(f"K-F{i}", K + "100001", "exited", exit_year=2016, income=(zf * 2, 0, 0, 0, 0))
        s.household("L-P", L + "100001", "poor", income=(zf // 2, 0, 0, 0, 0),
                    members=[dict(birth="1950-01-01")] + [dict(birth="1990-01-01")] * 4)
        for i in range(3):
            s.household(f"L-F{i}", L + "100001", "exited", exit_year=2015, income=(zf * 2, 0, 0, 0, 0))
        if y == 2020:
            # same household number as a 41 household of 2019: another province, not a panel match
            s.household("A-F01", K + "100001", "exited", exit_year=2016, income=(zf * 7, 0, 0, 0, 0))
        # identity number with check character X, written upper case here and lower case in 54
        s.household("K-XID", K + "100001", "exited", exit_year=2016, income=(zf * 2, 0, 0, 0, 0),
                    members=[dict(birth="1950-01-01"), dict(id=XID, birth=XBIRTH, sex=XSEX)])
        s.write(inbox)
        s = Sub("54", y)
        s.county("540102", 10000, 1000000)
        s.village("540102100001", False, 300)
        s.household("T-XID", "540102100001", "exited", exit_year=2016, income=(zf * 2, 0, 0, 0, 0),
                    members=[dict(birth="1950-01-01"), dict(id=XID.lower(), birth=XBIRTH, sex=XSEX)])
        s.write(inbox)
    # 53-2020-r2: more than 5 % of households rejected → rejected whole; r1 stays in force
    s = Sub("53", 2020, 2)
    s.county("530102", 10000, 1000000)
    s.village("530102100001", False, 300)
    for i in range(9):
        s.household(f"K-R{i}", "530102100001", "poor", income=(100000, 0, 0, 0, 0))
    s.households.append(["K-BAD", "530102100001", 2014, "general", "bad_luck", "poor", "", "A", 1, 1,
                         "100.00", "0.00", "0.00", "0.00", "0.00", ""])
    s.members.append([ident("530102", "1990-01-01", "M"), "K-BAD", "某", "head", "M", "1990-01-01",
                      "primary", "not_in_school", "healthy", "ordinary", 1, 1, 1])
    s.write(inbox)
    # 54-2020-r2: rejected whole (>5 %); 54-2020-r1 stays in force
    s = Sub("54", 2020, 2)
    s.county("540102", 10000, 1000000)
    s.village("540102100001", False, 300)
    s.household("Q-1", "540102100001", "poor", income=(100000, 0, 0, 0, 0))
    s.households.append(["Q-BAD", "540102100001", 2014, "general", "bad_luck", "poor", "", "A", 1, 1,
                         "100.00", "0.00", "0.00", "0.00", "0.00", ""])
    s.members.append([ident("540102", "1990-01-01", "M"), "Q-BAD", "某", "head", "M", "1990-01-01",
                      "primary", "not_in_school", "healthy", "ordinary", 1, 1, 1])
    s.write(inbox)
    # 53-2021-r1: counties and villages only, no household at all
    s = Sub("53", 2021)
    s.county("530102", 10000, 1000000)
    s.village("530102100001", True, 300)
    s.write(inbox)
    # 41-2022-r1: members file missing → rejected whole; 2022 has no accepted data
    s = Sub("41", 2022)
    s.county("410221", 5000, 1200000)
    s.village("410221100001", False, 100)
    s.household("X-1", "410221100001", "poor", income=(100000, 0, 0, 0, 0))
    s.write(inbox)
    os.remove(os.path.join(inbox, "41-2022-r1.members.csv.gz"))


if __name__ == "__main__":
    build(sys.argv[1])
    build_extra(sys.argv[1])

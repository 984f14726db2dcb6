#!/usr/bin/env python3
"""Independent cross-check of Jingzhun's indicator exports, for evaluators and CI.

Every formula here was derived from the contract's indicators.md only, without reading the
Swift engine, by a second engineer (2026-11-29); it recomputes the whole catalogue and the
breakdowns from the store's Delta tables (records in force) and the reference data.
Values are computed in exact rational arithmetic (money is exact in fen), then compared with
the exported doubles. Threshold comparisons (pcni > z, z < pcni <= 1.1 z, incidence <
threshold, wrongful < 2) are evaluated exactly; a second "float semantics" evaluation (plain
IEEE doubles, left-to-right sums) is used only to label a difference as a rounding borderline.

usage: scripts/crosscheck_indicators.py OUTPUT_DIR [--reference DIR] [--max-report N]
Needs: Python 3 with the `deltalake` package. --reference defaults to pipelines/reference.
Exit status 1 when a value or row is wrong, or a format, store-vs-export or rounding-noise
note is raised; 0 otherwise (float-vs-exact borderlines and contract-undetermined cases are
listed, not failed). CI runs it on the sample run and on a hand-made inbox of edge cases
(Tests/EndToEndTests/EdgeCases/make_edge_inbox.py).
"""
import argparse
import collections
import csv
import math
import os
import sys
from fractions import Fraction as F

from deltalake import DeltaTable

WESTERN = {"15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
LEVELS = ["nation", "province", "prefecture", "county"]
LEVEL_RANK = {l: i for i, l in enumerate(LEVELS)}
CAUSES = ["illness", "disability", "education", "disaster", "lack_of_land", "lack_of_water",
          "lack_of_skills", "lack_of_labor", "lack_of_capital", "poor_transport",
          "lack_of_motivation", "other"]
CATEGORIES = ["general", "low_income_guarantee", "extreme_poverty_support"]
MEASURES = ["industry", "employment", "relocation", "ecological", "education", "health",
            "social_security", "asset_income", "microcredit", "housing_renovation"]

INDICATORS = [
    # Population and exits
    "registered_households", "registered_population", "poor_households", "poor_population",
    "exited_households", "exited_population", "returned_population", "rural_population",
    "poverty_incidence_pct",
    # Two assurances, three guarantees
    "school_age_children", "out_of_school_children", "education_guarantee_pct",
    "medical_insured_pct", "serious_illness_insured_pct", "housing_safe_pct", "safe_water_pct",
    "food_clothing_pct", "guarantees_met_pct",
    # Income
    "mean_per_capita_net_income", "population_above_line_pct", "poverty_gap_index",
    "poverty_severity_index", "panel_income_growth_pct", "rural_income",
    "rural_income_growth_pct", "national_rural_income_growth_pct", "income_growth_gap_pp",
    # Exits and their quality
    "wrongful_exit_pct", "exit_income_bunching_pct", "poor_villages",
    "poor_villages_below_threshold", "poor_village_road_pct", "poor_village_water_pct",
    "poor_village_electricity_pct", "poor_village_broadband_pct", "poor_village_clinic_pct",
    # County exit
    "exit_threshold_pct", "county_exit_eligible",
    # Data quality
    "households_received", "households_rejected", "rejected_household_pct",
    "cross_province_duplicates",
]
assert len(INDICATORS) == len(set(INDICATORS)) == 42
# Shipped beyond indicators.md (issue 18), recomputed here from docs/indicators.md's definition.
BEYOND_CONTRACT = ["returned_within_two_years_pct"]

AMBIG = object()  # value the contract leaves undetermined


def fen(x):
    """Stored money is Double(fen)/100: recover the exact submitted decimal."""
    return F(round(x * 100), 100)


def ratio(num, den, scale=100):
    if den == 0:
        return None
    return F(scale) * F(num) / F(den)


def areas_of(county):
    return [("nation", "CN"), ("province", county[:2]), ("prefecture", county[:4]),
            ("county", county)]


def read_table(store, name):
    return DeltaTable(os.path.join(store, name)).to_pyarrow_table().to_pylist()


def load_reference(refdir):
    line, inc = {}, {}
    with open(os.path.join(refdir, "national.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            y = int(r["year"])
            if r["poverty_line_yuan"].strip():
                line[y] = F(r["poverty_line_yuan"].strip())
            if r["national_rural_income_yuan"].strip():
                inc[y] = F(r["national_rural_income_yuan"].strip())
    return line, inc


class Notes:
    def __init__(self):
        self.items = collections.defaultdict(list)

    def add(self, kind, msg):
        self.items[kind].append(msg)


def load_store(store, notes):
    hh = read_table(store, "households")
    mm = read_table(store, "members")
    vv = read_table(store, "villages")
    cc = read_table(store, "counties")
    ss = read_table(store, "submissions")

    # The submission in force for (year, province): the applied one with the highest revision.
    in_force = {}
    for s in ss:
        if s["outcome"] == "applied":
            k = (s["year"], s["province"])
            if k not in in_force or s["revision"] > in_force[k]["revision"]:
                in_force[k] = s
    # Cross-check: the Delta snapshot must hold exactly the rows of the submission in force.
    for tname, rows in (("households", hh), ("members", mm), ("villages", vv), ("counties", cc)):
        bad = collections.Counter()
        for r in rows:
            s = in_force.get((r["year"], r["province"]))
            if s is None or r["submission"] != s["submission"]:
                bad[(r["year"], r["province"], r["submission"])] += 1
        for k, n in bad.items():
            notes.add("store", f"{tname}: {n} rows of {k} are not of the submission in force")
    return hh, mm, vv, cc, in_force


class HH:
    __slots__ = ("year", "prov", "hid", "village", "county", "category", "cause", "status",
                 "exit_year", "housing_safe", "safe_water", "food", "net", "net_f", "size",
                 "school_age", "oos", "med", "sill", "all_med", "keys", "measures", "G")


def build(hh, mm, notes):
    members = collections.defaultdict(list)
    for m in mm:
        members[(m["year"], m["province"], m["household_id"])].append(m)
    out = collections.defaultdict(list)  # year -> [HH]
    seen = set()
    for r in hh:
        k = (r["year"], r["province"], r["household_id"])
        if k in seen:
            notes.add("store", f"duplicate household {k}")
        seen.add(k)
        h = HH()
        h.year, h.prov, h.hid = r["year"], r["province"], r["household_id"]
        h.village = r["village_code"]
        h.county = r["village_code"][:6]
        if h.county != r["county_code"] or h.county[:2] != h.prov or r["prefecture_code"] != h.county[:4]:
            notes.add("store", f"inconsistent codes for household {k}")
        h.category, h.cause, h.status, h.exit_year = r["category"], r["cause"], r["status"], r["exit_year"]
        h.housing_safe = r["housing_grade"] in ("A", "B")
        h.safe_water = bool(r["safe_water"])
        h.food = bool(r["food_clothing_secured"])
        # net(h) = wage + operating + property + transfer - operating cost
        h.net = (fen(r["income_wage"]) + fen(r["income_operating"]) + fen(r["income_property"])
                 + fen(r["income_transfer"]) - fen(r["operating_cost"]))
        h.net_f = (r["income_wage"] + r["income_operating"] + r["income_property"]
                   + r["income_transfer"] - r["operating_cost"])
        ms = members.pop(k, [])
        h.size = len(ms)
        y = h.year
        h.school_age = h.oos = h.med = h.sill = 0
        h.all_med = True
        h.keys = []
        for m in ms:
            age = y - m["birth_date"].year
            sa = 6 <= age <= 15
            if sa:
                h.school_age += 1
                if m["schooling"] in ("dropout", "not_in_school"):
                    h.oos += 1
            if m["medical_insured"]:
                h.med += 1
            else:
                h.all_med = False
            if m["serious_illness_insured"]:
                h.sill += 1
            h.keys.append(m["member_key"])
        h.measures = set(x for x in (r["measures"] or "").split(";") if x)
        h.G = h.food and h.safe_water and h.housing_safe and h.all_med and h.oos == 0
        if h.size == 0:
            notes.add("store", f"household {k} has no member records")
        out[y].append(h)
    for k in members:
        notes.add("store", f"{len(members[k])} member rows without household {k}")
    return out


class Acc:
    def __init__(self):
        self.nH = self.popH = self.nP = self.popP = self.nX = self.popX = self.popR = 0
        self.school = self.oos = self.med = self.sill = 0
        self.hsafe = self.water = self.food = self.G = 0
        self.net = F(0)
        self.above_pop = {"x": 0, "f": 0}
        self.fgt1 = F(0)
        self.fgt2 = F(0)
        self.wrong = {"x": 0, "f": 0}
        self.bunch = {"x": 0, "f": 0}
        self.dup = 0
        self.cause = {c: [0, 0] for c in CAUSES}
        self.cat = {c: [0, 0] for c in CATEGORIES}
        self.meas = {c: 0 for c in MEASURES}
        self.panel = [F(0), 0, F(0), 0]  # net_y, size_y, net_y-1, size_y-1
        self.panel_n = 0
        self.ret_risk = self.ret_back = 0  # returned_within_two_years_pct: |D|, |R|
        self.rural_pop = 0
        self.ri_num = F(0)  # sum rural_income * rural_population over counties with stats
        self.ri_den = 0
        self.grow = [F(0), 0, F(0), 0]  # W_y num/den, W_y-1 num/den over counties in both years
        self.grow_n = 0
        self.pv = 0
        self.pv_below = {"x": 0, "f": 0}
        self.pv_fac = {k: 0 for k in ("road", "water", "electricity", "broadband", "clinic")}
        self.county_ri = None


def compute(years_hh, vv, cc, in_force, line, inc, notes):
    """Return ({(year, level, area, indicator): (exact, float_variant)}, breakdown rows)."""
    villages = collections.defaultdict(list)
    for v in vv:
        villages[v["year"]].append(v)
    counties = collections.defaultdict(dict)
    for c in cc:
        if c["county_code"] in counties[c["year"]]:
            notes.add("store", f"duplicate county statistics {c['year']} {c['county_code']}")
        counties[c["year"]][c["county_code"]] = c
    years = sorted(set(years_hh) | set(counties) | set(villages))
    H_index = {}  # (year, prov, hid) -> HH in H
    for y in years:
        for h in years_hh.get(y, []):
            if h.status != "removed":
                H_index[(y, h.prov, h.hid)] = h

    result = {}
    brk = {}
    for y in years:
        z = line.get(y)
        accs = collections.defaultdict(Acc)
        # areas: every county with accepted county statistics or households in y
        county_set = set(counties[y]) | {h.county for h in years_hh.get(y, [])}
        for c in county_set:
            for a in areas_of(c):
                accs[a]
        # identity numbers of H per province (cross-province duplicates)
        key_provs = collections.defaultdict(set)
        for h in years_hh.get(y, []):
            if h.status != "removed":
                for k in h.keys:
                    key_provs[k].add(h.prov)
        # village incidence: sum of sizes of P per village
        pv_pop = collections.Counter()
        for h in years_hh.get(y, []):
            if h.status in ("poor", "returned"):
                pv_pop[h.village] += h.size
        for h in years_hh.get(y, []):
            if h.status == "removed":
                continue
            in_P = h.status in ("poor", "returned")
            in_X = h.status == "exited" and h.exit_year == y
            pcni = F(h.net) / h.size if h.size else None
            pcni_f = h.net_f / h.size if h.size else None
            dup = sum(1 for k in h.keys if len(key_provs[k] - {h.prov}) > 0)
            prev = H_index.get((y - 1, h.prov, h.hid))
            for a in areas_of(h.county):
                A = accs[a]
                A.nH += 1
                A.popH += h.size
                A.school += h.school_age
                A.oos += h.oos
                A.med += h.med
                A.sill += h.sill
                A.hsafe += h.housing_safe
                A.water += h.safe_water
                A.food += h.food
                A.G += h.G
                A.net += h.net
                A.dup += dup
                A.cat[h.category][0] += 1
                A.cat[h.category][1] += h.size
                if in_P:
                    A.nP += 1
                    A.popP += h.size
                    A.cause[h.cause][0] += 1
                    A.cause[h.cause][1] += h.size
                    for m in h.measures:
                        A.meas[m] += 1
                if h.status == "returned":
                    A.popR += h.size
                if in_X:
                    A.nX += 1
                    A.popX += h.size
                # D: the y-1 record is an exit of y-2 or y-1 (status exited, exit year >= y-2)
                # still in force at the end of y-1; R: of those, returned in y.
                if prev is not None and prev.status == "exited" and prev.exit_year is not None \
                        and prev.exit_year >= y - 2:
                    A.ret_risk += 1
                    A.ret_back += h.status == "returned"
                if prev is not None:
                    A.panel_n += 1
                    A.panel[0] += h.net
                    A.panel[1] += h.size
                    A.panel[2] += prev.net
                    A.panel[3] += prev.size
                if z is not None and h.size:
                    if pcni > z:
                        A.above_pop["x"] += h.size
                    if pcni_f > float(z):
                        A.above_pop["f"] += h.size
                    if pcni < z:
                        t = (z - max(pcni, F(0))) / z
                        A.fgt1 += h.size * t
                        A.fgt2 += h.size * t * t
                    if in_X:
                        if not (pcni > z and h.G):
                            A.wrong["x"] += 1
                        if not (pcni_f > float(z) and h.G):
                            A.wrong["f"] += 1
                        if z < pcni <= F(11, 10) * z:
                            A.bunch["x"] += 1
                        if float(z) < pcni_f <= 1.1 * float(z):
                            A.bunch["f"] += 1
        # county statistics
        for c, s in counties[y].items():
            ri = fen(s["rural_income"])
            rp = s["rural_population"]
            prev = counties.get(y - 1, {}).get(c)
            for a in areas_of(c):
                A = accs[a]
                A.rural_pop += rp
                A.ri_num += ri * rp
                A.ri_den += rp
                if prev is not None:
                    A.grow_n += 1
                    A.grow[0] += ri * rp
                    A.grow[1] += rp
                    A.grow[2] += fen(prev["rural_income"]) * prev["rural_population"]
                    A.grow[3] += prev["rural_population"]
            accs[("county", c)].county_ri = ri
        # villages
        for v in villages.get(y, []):
            if not v["poor_village"]:
                continue
            c = v["village_code"][:6]
            thr = 3 if c[:2] in WESTERN else 2
            below_x = below_f = False
            if v["population"] > 0:
                below_x = F(100) * pv_pop[v["village_code"]] / v["population"] < thr
                below_f = 100.0 * pv_pop[v["village_code"]] / v["population"] < thr
            for a in areas_of(c):
                A = accs[a]
                A.pv += 1
                A.pv_below["x"] += below_x
                A.pv_below["f"] += below_f
                for k in A.pv_fac:
                    A.pv_fac[k] += bool(v[k])

        nat_g = None
        if y in inc and (y - 1) in inc:
            nat_g = F(100) * inc[y] / inc[y - 1] - 100
        # data quality per province in force
        dq = {}
        for (yy, p), s in in_force.items():
            if yy == y:
                dq[p] = (s["households_received"], s["households_rejected"])

        for (level, code), A in accs.items():
            r = {}

            def put(name, exact, fvar=None):
                r[name] = (exact, exact if fvar is None else fvar)

            put("registered_households", A.nH)
            put("registered_population", A.popH)
            put("poor_households", A.nP)
            put("poor_population", A.popP)
            put("exited_households", A.nX)
            put("exited_population", A.popX)
            put("returned_population", A.popR)
            put("rural_population", A.rural_pop)
            inc_pct = ratio(A.popP, A.rural_pop)
            put("poverty_incidence_pct", inc_pct)
            put("school_age_children", A.school)
            put("out_of_school_children", A.oos)
            put("education_guarantee_pct", ratio(A.school - A.oos, A.school))
            put("medical_insured_pct", ratio(A.med, A.popH))
            put("serious_illness_insured_pct", ratio(A.sill, A.popH))
            put("housing_safe_pct", ratio(A.hsafe, A.nH))
            put("safe_water_pct", ratio(A.water, A.nH))
            put("food_clothing_pct", ratio(A.food, A.nH))
            put("guarantees_met_pct", ratio(A.G, A.nH))
            put("mean_per_capita_net_income", ratio(A.net, A.popH, 1))
            if z is None:
                for n in ("population_above_line_pct", "poverty_gap_index",
                          "poverty_severity_index", "wrongful_exit_pct",
                          "exit_income_bunching_pct"):
                    put(n, None)
            else:
                put("population_above_line_pct", ratio(A.above_pop["x"], A.popH),
                    ratio(A.above_pop["f"], A.popH))
                put("poverty_gap_index", ratio(A.fgt1, A.popH, 1))
                put("poverty_severity_index", ratio(A.fgt2, A.popH, 1))
                put("wrongful_exit_pct", ratio(A.wrong["x"], A.nX), ratio(A.wrong["f"], A.nX))
                put("exit_income_bunching_pct", ratio(A.bunch["x"], A.nX), ratio(A.bunch["f"], A.nX))
            pg = None
            if A.panel_n > 0 and A.panel[1] > 0 and A.panel[3] > 0:
                prev_pc = A.panel[2] / A.panel[3]
                if prev_pc != 0:
                    pg = F(100) * (A.panel[0] / A.panel[1]) / prev_pc - 100
            put("panel_income_growth_pct", pg)
            if level == "county":
                put("rural_income", A.county_ri)
            else:
                put("rural_income", ratio(A.ri_num, A.ri_den, 1))
            rg = None
            if A.grow_n > 0:
                wy = A.grow[0] / A.grow[1]
                wp = A.grow[2] / A.grow[3]
                rg = F(100) * wy / wp - 100
            put("rural_income_growth_pct", rg)
            put("national_rural_income_growth_pct", nat_g)
            put("income_growth_gap_pp", None if rg is None or nat_g is None else rg - nat_g)
            put("poor_villages", A.pv)
            put("poor_villages_below_threshold", A.pv_below["x"], A.pv_below["f"])
            for k in ("road", "water", "electricity", "broadband", "clinic"):
                put(f"poor_village_{k}_pct", ratio(A.pv_fac[k], A.pv))
            if level == "county":
                thr = 3 if code[:2] in WESTERN else 2
                put("exit_threshold_pct", thr)
                elig = {}
                for mode in (0, 1):
                    ip = r["poverty_incidence_pct"][mode]
                    wr = r["wrongful_exit_pct"][mode]
                    if ip is None:
                        e = None
                    elif not (ip < thr if mode == 0 else float(ip) < thr):
                        e = 0
                    elif A.nX == 0:
                        e = 1
                    elif wr is None:
                        e = AMBIG  # exits but wrongful_exit_pct undefined (no poverty line)
                    else:
                        e = 1 if (wr < 2 if mode == 0 else float(wr) < 2) else 0
                    elig[mode] = e
                put("county_exit_eligible", elig[0], elig[1])
            else:
                put("exit_threshold_pct", None)
                put("county_exit_eligible", None)
            if level in ("province", "nation"):
                provs = [code] if level == "province" else sorted(dq)
                rec = sum(dq[p][0] for p in provs if p in dq)
                rej = sum(dq[p][1] for p in provs if p in dq)
                if level == "province" and code not in dq:
                    put("households_received", None)
                    put("households_rejected", None)
                    put("rejected_household_pct", None)
                else:
                    put("households_received", rec)
                    put("households_rejected", rej)
                    put("rejected_household_pct", ratio(rej, rec))
            else:
                put("households_received", None)
                put("households_rejected", None)
                put("rejected_household_pct", None)
            put("cross_province_duplicates", A.dup)
            put("returned_within_two_years_pct", ratio(A.ret_back, A.ret_risk))
            assert set(r) == set(INDICATORS + BEYOND_CONTRACT), set(INDICATORS + BEYOND_CONTRACT) ^ set(r)
            for n, v in r.items():
                result[(y, level, code, n)] = v
            for c in CAUSES:
                brk[(y, level, code, "cause", c)] = (A.cause[c][0], A.cause[c][1])
            for c in CATEGORIES:
                brk[(y, level, code, "category", c)] = (A.cat[c][0], A.cat[c][1])
            for c in MEASURES:
                brk[(y, level, code, "measure", c)] = (A.meas[c], None)
    return result, brk


# ---------------------------------------------------------------- export format checks

def check_number_text(text):
    """Return None when text follows the rule, else a reason."""
    if text == "":
        return None
    try:
        v = float(text)
    except ValueError:
        return "not a number"
    if not math.isfinite(v):
        return "not finite"
    if v == int(v):
        if text != str(int(v)) or text == "-0":
            return f"integral value not written as integer (expected {int(v)})"
        return None
    shortest = repr(v)  # Python repr: shortest round-tripping digits
    if text == shortest:
        return None
    if float(text) != v:
        return "does not round-trip"
    # same digits in another notation (e.g. 1e-5 vs 1e-05 vs 0.00001): report for review
    return f"differs from shortest-digits text {shortest} (review)"
    return None


def read_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("file starts with a BOM")
    if b"\r\n" in raw:
        problems.append("CRLF line ends")
    if not raw.endswith(b"\n"):
        problems.append("no final newline")
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    return rows, problems


def fmt_exact(v):
    if v is None:
        return "null"
    if v is AMBIG:
        return "ambiguous"
    if isinstance(v, F) and v.denominator != 1:
        return f"{float(v)!r} (= {v.numerator}/{v.denominator})"
    return str(int(v)) if isinstance(v, (int, F)) else repr(v)


# indicators of the form 100 * ratio - 100 (or a difference of two): cancellation leaves an
# absolute error of about ulp(100) even when the result is near 0
DIFFERENCE_INDICATORS = {"panel_income_growth_pct", "rural_income_growth_pct",
                         "national_rural_income_growth_pct", "income_growth_gap_pp"}


def close(actual, exact, indicator):
    e = float(exact)
    if actual == e:
        return True
    if abs(actual - e) <= 1e-9 * max(abs(actual), abs(e)):
        return True
    return indicator in DIFFERENCE_INDICATORS and abs(actual - e) <= 1e-11


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--reference", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pipelines", "reference"))
    ap.add_argument("--max-report", type=int, default=15)
    args = ap.parse_args()
    notes = Notes()
    store = os.path.join(args.output, "store")
    line, inc = load_reference(args.reference)
    hh, mm, vv, cc, in_force = load_store(store, notes)
    years_hh = build(hh, mm, notes)
    expected, exp_brk = compute(years_hh, vv, cc, in_force, line, inc, notes)

    # ------------------------------------------------ indicators.csv
    rows, probs = read_csv(os.path.join(args.output, "exports", "indicators.csv"))
    for p in probs:
        notes.add("format", "indicators.csv: " + p)
    if rows[0] != ["year", "level", "area_code", "indicator", "value"]:
        notes.add("format", f"indicators.csv header {rows[0]}")
    body = rows[1:]
    keys = []
    actual = {}
    for i, r in enumerate(body, start=2):
        if len(r) != 5:
            notes.add("format", f"indicators.csv line {i}: {len(r)} fields")
            continue
        k = (int(r[0]), r[1], r[2], r[3])
        if r[0] != str(int(r[0])):
            notes.add("format", f"indicators.csv line {i}: year {r[0]!r}")
        if k in actual:
            notes.add("rows", f"indicators.csv duplicate row {k}")
        actual[k] = r[4]
        keys.append(k)
        why = check_number_text(r[4])
        if why:
            notes.add("format", f"indicators.csv line {i} {k}: value {r[4]!r}: {why}")
    sort_key = lambda k: (k[0], LEVEL_RANK.get(k[1], 9), k[2].encode(), k[3].encode())
    for i in range(1, len(keys)):
        if sort_key(keys[i - 1]) >= sort_key(keys[i]):
            notes.add("format", f"indicators.csv out of order at data row {i + 1}: {keys[i - 1]} then {keys[i]}")
    # store table must equal the export
    st = {(r["year"], r["level"], r["area_code"], r["indicator"]): r["value"]
          for r in read_table(store, "indicators")}
    for k, v in st.items():
        t = actual.get(k)
        if t is None:
            notes.add("store-vs-export", f"{k} in store, not in export")
        elif (v is None) != (t == "") or (v is not None and float(t) != v):
            notes.add("store-vs-export", f"{k}: store {v!r} export {t!r}")
    for k in actual:
        if k not in st:
            notes.add("store-vs-export", f"{k} in export, not in store")

    compared = 0
    disc = collections.defaultdict(list)   # indicator -> list of messages
    border = collections.defaultdict(list)
    ambig = collections.defaultdict(list)
    noise = collections.defaultdict(list)
    maxrel = [0.0, None, None, None]
    for k, (ex, fv) in sorted(expected.items(), key=lambda kv: sort_key(kv[0])):
        if k not in actual:
            disc[k[3]].append(f"MISSING row {k}; expected {fmt_exact(ex)}")
            continue
        compared += 1
        t = actual[k]
        a = None if t == "" else float(t)
        if ex is AMBIG:
            ambig[k[3]].append(f"{k}: contract undetermined, program wrote {t!r}")
            continue
        if ex is None or a is None:
            if (ex is None) != (a is None):
                disc[k[3]].append(f"{k}: expected {fmt_exact(ex)}, actual {t!r}")
            continue
        if close(a, ex, k[3]):
            if ex == 0 and a != 0:
                noise[k[3]].append(f"{k}: exact value 0, export {t} (rounding noise, sign differs)")
            elif ex != 0 and a != float(ex):
                relerr = abs(a - float(ex)) / abs(float(ex))
                if relerr > maxrel[0]:
                    maxrel[:] = [relerr, k, t, fmt_exact(ex)]
            continue
        if fv is not None and fv is not AMBIG and close(a, fv, k[3]):
            border[k[3]].append(f"{k}: exact {fmt_exact(ex)}, actual {t} = float-semantics value")
            continue
        disc[k[3]].append(f"{k}: expected {fmt_exact(ex)}, actual {t}")
    beyond = 0
    for k in actual:
        if k not in expected:
            # The shipped index mpi_guarantees (issue 18) is not in indicators.md, so it is not
            # recomputed here: AlkireFosterSQLTests checks it (published example, DuckDB agreement).
            if k[3].startswith("mpi_guarantees_"):
                beyond += 1
                continue
            disc[k[3]].append(f"EXTRA row {k} = {actual[k]!r}")

    # ------------------------------------------------ breakdowns.csv
    brows, bprobs = read_csv(os.path.join(args.output, "exports", "breakdowns.csv"))
    for p in bprobs:
        notes.add("format", "breakdowns.csv: " + p)
    if brows[0] != ["year", "level", "area_code", "dimension", "member", "households", "population"]:
        notes.add("format", f"breakdowns.csv header {brows[0]}")
    bact = {}
    bkeys = []
    for i, r in enumerate(brows[1:], start=2):
        if len(r) != 7:
            notes.add("format", f"breakdowns.csv line {i}: {len(r)} fields")
            continue
        k = (int(r[0]), r[1], r[2], r[3], r[4])
        if k in bact:
            notes.add("rows", f"breakdowns.csv duplicate {k}")
        bact[k] = (r[5], r[6])
        bkeys.append(k)
        for x in (r[5], r[6]):
            why = check_number_text(x)
            if why:
                notes.add("format", f"breakdowns.csv line {i}: {x!r}: {why}")
    bsort = lambda k: (k[0], LEVEL_RANK.get(k[1], 9), k[2].encode(), k[3].encode(), k[4].encode())
    for i in range(1, len(bkeys)):
        if bsort(bkeys[i - 1]) >= bsort(bkeys[i]):
            notes.add("format", f"breakdowns.csv out of order at data row {i + 1}: {bkeys[i - 1]} then {bkeys[i]}")
    bcompared = 0
    for k, (eh, ep) in sorted(exp_brk.items(), key=lambda kv: bsort(kv[0])):
        if k not in bact:
            disc["breakdown:" + k[3]].append(f"MISSING {k}")
            continue
        bcompared += 2
        ah, ap_ = bact[k]
        exp_p = "" if ep is None else str(ep)
        if ah != str(eh) or ap_ != exp_p:
            disc["breakdown:" + k[3]].append(f"{k}: expected ({eh},{exp_p!r}) actual ({ah},{ap_!r})")
    for k in bact:
        if k not in exp_brk:
            disc["breakdown:" + k[3]].append(f"EXTRA {k}")
    sb = {(r["year"], r["level"], r["area_code"], r["dimension"], r["member"]): (r["households"], r["population"])
          for r in read_table(store, "breakdowns")}
    for k, (h_, p_) in sb.items():
        a = bact.get(k)
        if a is None or a != (str(h_), "" if p_ is None else str(p_)):
            notes.add("store-vs-export", f"breakdown {k}: store {(h_, p_)} export {a}")

    # ------------------------------------------------ report
    years = sorted({k[0] for k in expected})
    nareas = len({k[:3] for k in expected})
    print(f"output: {args.output}")
    print(f"years: {years}; areas x years: {nareas}; indicators: {len(INDICATORS)} + {len(BEYOND_CONTRACT)}")
    print(f"indicator values compared: {compared} (expected rows {len(expected)}, export rows {len(actual)})")
    print(f"rows of the shipped index mpi_guarantees, not recomputed here (see AlkireFosterSQLTests): {beyond}")
    print(f"breakdown values compared: {bcompared} (expected rows {len(exp_brk)}, export rows {len(bact)})")
    for kind, items in sorted(notes.items.items()):
        print(f"\n== {kind}: {len(items)}")
        for m in items[: args.max_report]:
            print("  " + m)
    print(f"largest relative difference among accepted values: {maxrel[0]:.3g} at {maxrel[1]} "
          f"(export {maxrel[2]}, exact {maxrel[3]})")
    for title, d in (("DISCREPANCIES", disc), ("float-vs-exact borderline", border),
                     ("exact zero exported as nonzero (within 1e-11 absolute)", noise),
                     ("contract-undetermined", ambig)):
        tot = sum(len(v) for v in d.values())
        print(f"\n== {title}: {tot}")
        for ind in sorted(d):
            print(f"  -- {ind}: {len(d[ind])}")
            for m in d[ind][: args.max_report]:
                print("     " + m)
    nd = sum(len(v) for v in disc.values())
    nn = sum(len(v) for v in notes.items.values()) + sum(len(v) for v in noise.values())
    print(f"\nRESULT: {nd} value/row discrepancies; {nn} notes to review "
          f"(format, store, rounding noise); {sum(len(v) for v in ambig.values())} contract-undetermined")
    return 1 if disc or nn else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # os._exit skips interpreter teardown: deltalake's native runtime sometimes aborts there
    # ("terminate called without an active exception"), which would turn a pass into exit 134.
    os._exit(code)

"""The nomination and vetting overview at the height of vetting: the largest district (some 700
committees) with ~14 nominees a committee (~10,000), timed end to end for the district, its
largest township and the city, with the SQL statements of each request counted.

Everything is written in bulk through the models (not the services: only the rows the overview
reads matter): a roll of 30 voters per committee, a village's meeting tally or a residents'
committee's joint nominations with their signers, vetting files in every stage with the
findings and assessments they would have, and a published list where the stage says so.

Run: .venv/bin/python bench/candidates_overview.py            (SQLite)
     bash scripts/with-postgres.sh .venv/bin/python bench/candidates_overview.py
Options: N=20 requests per page (environment variable).
"""
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import PASSWORD, bench_app, time_pages  # noqa: E402

from sqlalchemy import func, insert, select, text, update  # noqa: E402

from elections.accounts.services import create_user  # noqa: E402
from elections.candidates.models import (Assessment, CandidateList, Finding, Nomination,  # noqa: E402
                                         NominationSigner, Nominee, VettingFile)
from elections.candidates.overview import overview  # noqa: E402
from elections.clock import beijing_today  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.geography.services import get_unit  # noqa: E402
from elections.rolls import idnumber  # noqa: E402
from elections.rolls.models import Household, Voter  # noqa: E402
from elections.rounds import services  # noqa: E402
from elections.rounds.models import CommitteeElection  # noqa: E402

N = int(os.environ.get("N", "20"))
TODAY = beijing_today()
VOTERS, NOMINEES = 30, 14
# Vetting files as they stand at the height of vetting (weights).
FILES = [("none", 15), ("awaiting", 25), ("ready", 10), ("qualified", 42), ("barred", 4), ("withdrawn", 4)]




def build(app) -> dict:
    rng = random.Random(2026)
    with app.app_context():
        round_ = services.open_round("2026年村（居）民委员会换届选举", TODAY - timedelta(days=30),
                                     TODAY + timedelta(days=60), village_term=12, residential_term=11,
                                     ruleset="national-2026")
        district = db.session.execute(select(CommitteeElection.district_code, func.count())
                                      .where(CommitteeElection.round_id == round_.id)
                                      .group_by(CommitteeElection.district_code)
                                      .order_by(func.count().desc()).limit(1)).one()[0]
        elections = db.session.execute(select(CommitteeElection.id, CommitteeElection.kind,
                                              CommitteeElection.township_code)
                                       .where(CommitteeElection.round_id == round_.id,
                                              CommitteeElection.district_code == district)
                                       .order_by(CommitteeElection.committee_code)).all()
        items = services.current_criteria(round_).items
        criteria_id = services.current_criteria(round_).id
        five_good = [i["id"] for i in items if i["list"] == "five_good"]
        answers = [(i["id"], d) for i in items if i["list"] == "ten_cannot" for d in i.get("departments") or ["民政"]]
        t = time.perf_counter()
        plans, households, voters, nominees, nominations, signers = [], [], [], [], [], []
        files, assessments, findings, lists = [], [], [], []
        ids = Counter()

        def next_id(kind):
            ids[kind] += 1
            return ids[kind]

        for n_election, (election_id, kind, _) in enumerate(elections):
            day = TODAY + timedelta(days=rng.randint(2, 20))
            published = (day - TODAY).days <= 5 and rng.random() < 0.8
            plans.append({"id": election_id, "mode": "direct", "election_day": day, "seats_director": 1,
                          "seats_deputy_director": 1, "seats_member": 3, "ballot_method": "single",
                          "stage": "candidates_published" if published else "nomination"})
            household = next_id("household")
            households.append({"id": household, "election_id": election_id, "number": "1"})
            roll = []
            for k in range(VOTERS):
                voter = next_id("voter")
                number = idnumber.make(district[:6], date(1960, 1, 1) + timedelta(days=voter // 1000), voter % 1000)
                voters.append({"id": voter, "round_id": round_.id, "election_id": election_id,
                               "household_id": household, "name": f"居民{voter:06d}", "id_number": number,
                               "sex": "F" if k % 2 else "M", "birth_date": date(1970, 1, 1), "category": 1, "status": "registered",
                               "status_on": TODAY, "added_on": TODAY})
                roll.append((voter, "F" if k % 2 else "M", f"居民{voter:06d}"))
            entries = []
            posts = ["director"] * 2 + ["deputy_director"] * 3 + ["member"] * (NOMINEES - 5)
            for rank, (post, (voter, sex, name)) in enumerate(zip(posts, roll)):
                nominee = next_id("nominee")
                state = "qualified" if published else rng.choices([s for s, _ in FILES], [w for _, w in FILES])[0]
                nominees.append({"id": nominee, "election_id": election_id, "voter_id": voter, "name": name, "sex": sex,
                                 "withdrawn_on": TODAY if state == "withdrawn" else None,
                                 "withdrawn_reason": "因病退出" if state == "withdrawn" else None})
                votes = 40 - rank
                nomination = next_id("nomination")
                if kind == "village":
                    nominations.append({"id": nomination, "nominee_id": nominee, "post": post, "method": "meeting",
                                        "votes": votes, "submitted_on": TODAY})
                else:
                    count = 10 + (NOMINEES - rank) % 5
                    nominations.append({"id": nomination, "nominee_id": nominee, "post": post, "method": "voters",
                                        "votes": count, "submitted_on": TODAY})
                    signers += [{"id": next_id("signer"), "nomination_id": nomination,
                                 "voter_id": roll[NOMINEES + j][0]} for j in range(count)]
                if state in ("none", "withdrawn"):
                    continue
                file = next_id("file")
                decided = state in ("qualified", "barred")
                files.append({"id": file, "nominee_id": nominee, "criteria_version_id": criteria_id,
                              "decision": state if decided else None,
                              "barred_items": [rng.choice(["TC-1", "TC-4", "TC-7", "FG-2"])]
                              if state == "barred" else None,
                              "evidence": "经联审查实" if state == "barred" else None,
                              "decided_on": TODAY if decided else None, "decided_by": "bench" if decided else None})
                shown = answers if state != "awaiting" else answers[:rng.randint(0, len(answers) - 1)]
                assessments += [{"id": next_id("assessment"), "file_id": file, "item_id": i, "meets": True, "note": "",
                                 "entered_by": "bench"} for i in five_good]
                findings += [{"id": next_id("finding"), "file_id": file, "item_id": i, "department": d, "holds": False,
                              "evidence": "", "found_on": TODAY, "entered_by": "bench"} for i, d in shown]
                if published and rank in (0, 2, 5, 6, 7, 8):
                    entries.append({"post": post, "nominee": nominee, "name": name, "sex": sex, "votes": votes})
            if published:
                lists.append({"id": next_id("list"), "election_id": election_id, "number": 1, "published_on": TODAY,
                              "published_by": "bench", "entries": entries, "withdrawn": []})
            if n_election % 100 == 99:
                print(f"  {n_election + 1} committees generated")
        db.session.execute(update(CommitteeElection), plans)
        for model, rows in ((Household, households), (Voter, voters), (Nominee, nominees), (Nomination, nominations),
                            (NominationSigner, signers), (VettingFile, files), (Assessment, assessments),
                            (Finding, findings), (CandidateList, lists)):
            for start in range(0, len(rows), 5000):
                db.session.execute(insert(model), rows[start:start + 5000])
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # as autovacuum would after such a load: the planner needs the sizes
        db.session.commit()
        print(f"district {district}: {len(elections)} committees, {len(voters)} voters, {len(nominees)} nominees, "
              f"{len(signers)} signers, {len(files)} vetting files, {len(findings)} findings, "
              f"{len(lists)} published lists, in {time.perf_counter() - t:.1f} s")
        township = Counter(t for _, _, t in elections).most_common(1)[0][0]
        create_user("bench_district", PASSWORD, "district_official", district)
        create_user("bench_township", PASSWORD, "township_official", township)
        db.session.commit()
        found = overview(round_, get_unit(district), TODAY)
        print("by stage:", found.by_stage, f"barred by item: {[(b.item_id, b.count) for b in found.barred_by_item]}, "
              f"without a woman {found.without_woman_total}, unpublished {found.unpublished_total} "
              f"(overdue {found.overdue_total})")
        return {"round": round_.id, "district": district, "township": township}


def main():
    app = bench_app()
    target = build(app)
    base = f"/rounds/{target['round']}/candidates-overview"
    pages = [(f"GET {base}/{target['district']} (district official)", "bench_district", f"{base}/{target['district']}"),
             (f"GET {base}/{target['township']} (township official)", "bench_township", f"{base}/{target['township']}"),
             (f"GET {base}/110000000000 (city admin)", "bench_city", f"{base}/110000000000")]
    time_pages(app, pages, N, warmups=2)

if __name__ == "__main__":
    main()

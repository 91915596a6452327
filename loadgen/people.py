"""People and the organisation: faculties and programmes, staff with their roles (the bench
accounts first), and students with their pseudonyms."""

from accounts.roles import RoleCode
from loadgen.tiers import BENCH_ACCOUNTS, DAY

FIRST_NAMES = (  # noqa: SIM905  a readable line of names
    "Noor Sem Emma Daan Julia Lucas Mila Levi Tess Finn Sara Milan Zoë Bram Anna Luuk Eva Thijs "
    "Lotte Jesse Fleur Ruben Isa Stijn Yara Mohamed Fatima Ayoub Sanne Niels Iris Tim Roos Koen"
).split()
LAST_NAMES = (  # noqa: SIM905
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|"
    "Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|El Amrani|Yilmaz|Öztürk"
).split("|")
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _pseudonym(index):
    # A bijection on 32**6 numbers: unique pseudonyms without a lookup.
    value = (index * 387_420_489 + 7_654_321) % 32**6
    chars = []
    for _ in range(6):
        value, digit = divmod(value, 32)
        chars.append(PSEUDONYM_ALPHABET[digit])
    return "ST-" + "".join(chars)


class PeopleMixin:
    """Units, staff and students; sets what cases point at (programmes, counsellors per
    programme, deans per faculty, the team pool, reporters, trainers)."""

    def units(self):
        tier, rng = self.tier, self.rng
        self.faculties, self.programmes, self.parent = [], [], {}
        for f in range(tier.faculties):
            fid = self.take("unit")
            row = (fid, f"LF{f:03d}", f"Faculteit {f + 1}", "faculty", None, True)
            self.emit("unit", row)
            self.history(
                "hunit", row, when=self.start, kind="+", reason="Loadtest", user=self.system.pk
            )
            self.faculties.append(fid)
            for p in range(tier.programmes_per_faculty):
                pid = self.take("unit")
                row = (
                    pid,
                    f"LO{f:03d}{p:02d}",
                    f"Opleiding {f + 1}.{p + 1}",
                    "programme",
                    fid,
                    True,
                )
                self.emit("unit", row)
                self.history(
                    "hunit", row, when=self.start, kind="+", reason="Loadtest", user=self.system.pk
                )
                self.programmes.append(pid)
                self.parent[pid] = fid
        rng.shuffle(self.programmes)
        self.programmes.sort()

    def _user(self, username, roles, units, *, first=None, last=None):
        rng = self.rng
        uid = self.take("user")
        self.staff_made += 1
        first = first or rng.choice(FIRST_NAMES)
        last = last or rng.choice(LAST_NAMES)
        joined = self.start - DAY * rng.randint(1, 2000)
        fields = (
            False,
            username,
            first,
            last,
            f"{username}@loadtest.example",
            False,
            True,
            joined,
            f"E{uid:07d}",
            "",
            False,
            f"030 {uid % 1000:03d} {uid % 10000:04d}",
        )
        self.emit("user", (uid, self.password_hash, *fields))
        self.history(
            "huser",
            (uid, *fields),
            when=joined,
            kind="+",
            reason="Import medewerkers",
            user=self.system.pk,
        )
        for code in roles:
            self.emit("groups", (self.take("groups"), uid, self.groups[code]))
        for unit in units:
            self.emit("units", (self.take("units"), uid, unit))
        return uid

    def staff(self):
        """Exactly `tier.staff` accounts: the bench accounts, then counsellors, deans, care
        team, board, trainers, and reporters for the rest; each counsellor covers two
        programmes."""
        tier, rng = self.tier, self.rng
        programmes = self.programmes
        self.by_unit = {p: [] for p in programmes}  # counsellors per programme
        self.team_pool, self.reporters, self.trainers = [], [], []
        self.bench = {}
        self.staff_made = 0
        for username, roles in BENCH_ACCOUNTS.items():
            units = []
            if RoleCode.COUNSELLOR in roles:
                units = programmes[:2]
            elif RoleCode.DEAN in roles:
                units = [self.faculties[0]]
            elif roles == [RoleCode.REPORTER]:
                units = programmes[:1]
            uid = self._user(username, roles, units, first="Load", last=username.split("-")[1])
            self.bench[username] = uid
            if RoleCode.COUNSELLOR in roles:
                for p in units:
                    self.by_unit[p].append(uid)
            if RoleCode.TRAINER in roles:
                self.trainers.append(uid)
        counsellors = max(len(programmes), tier.staff // 35)
        for i in range(counsellors):
            units = [programmes[i % len(programmes)], programmes[(i + 1) % len(programmes)]]
            uid = self._user(f"lc{i:06d}", [RoleCode.REPORTER, RoleCode.COUNSELLOR], units)
            for p in units:
                self.by_unit[p].append(uid)
        # The bench dean is the first faculty's dean (no second one there); the other deans
        # are also in the pool of case-team members and minute takers.
        self.deans = {self.faculties[0]: self.bench["load-dean"]}
        for n, faculty in enumerate(self.faculties[1:], start=1):
            uid = self._user(f"ld{n:05d}", [RoleCode.REPORTER, RoleCode.DEAN], [faculty])
            self.deans[faculty] = uid
            self.team_pool.append(uid)
        for i in range(max(5, tier.staff // 150)):
            self.team_pool.append(
                self._user(f"lz{i:06d}", [RoleCode.REPORTER, RoleCode.CARE_TEAM], [])
            )
        self.board = [self.bench["load-board"]] + [
            self._user(f"lb{i:04d}", [RoleCode.REPORTER, RoleCode.BOARD], [])
            for i in range(max(3, tier.staff // 2000))
        ]
        for i in range(max(5, tier.staff // 100)):
            self.trainers.append(
                self._user(
                    f"lt{i:06d}", [RoleCode.REPORTER, RoleCode.TRAINER], [rng.choice(programmes)]
                )
            )
        # The rest report concerns; counted from the rows made, so the tier's staff is exact.
        for i in range(max(0, tier.staff - self.staff_made)):
            self.reporters.append(
                self._user(f"lm{i:06d}", [RoleCode.REPORTER], [rng.choice(programmes)])
            )
            self.maybe_flush()
        self.writer.flush()

    def students(self):
        tier, rng = self.tier, self.rng
        self.student_base = self.t["student"].next_id
        self.student_programme = []
        for i in range(tier.students):
            sid = self.take("student")
            programme = self.programmes[i % len(self.programmes)]
            self.student_programme.append(programme)
            row = (
                sid,
                f"{4_000_000 + i}",
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                programme,
                _pseudonym(sid),
                True,
            )
            self.emit("student", row)
            when = self.start - DAY * rng.randint(0, 1500)
            self.history(
                "hstudent", row, when=when, kind="+", reason="Import studenten", user=self.system.pk
            )
            self.maybe_flush()
        self.writer.flush()

"""Schema migrations, applied in order by `flask init-db` and on app start."""

from sqlite_utils import Migrations

migrations = Migrations("specifier")


def _run(db, *statements):
    for sql in statements:
        db.execute(sql)


@migrations()
def m001_councils_priorities_measures(db):
    _run(
        db,
        """
        CREATE TABLE councils (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            nation TEXT NOT NULL CHECK (nation IN
                ('England', 'Wales', 'Scotland', 'Northern Ireland')),
            type TEXT NOT NULL DEFAULT '',
            local_description TEXT NOT NULL DEFAULT '',
            local_postcode_districts TEXT NOT NULL DEFAULT '[]',
            weighting_pct REAL NOT NULL DEFAULT 10 CHECK (weighting_pct BETWEEN 0 AND 100),
            threshold_gbp INTEGER NOT NULL DEFAULT 100000 CHECK (threshold_gbp >= 0),
            max_outcomes INTEGER NOT NULL DEFAULT 6 CHECK (max_outcomes >= 1),
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        )
        """,
        """
        CREATE TABLE priorities (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            theme TEXT NOT NULL,
            importance TEXT NOT NULL DEFAULT 'medium'
                CHECK (importance IN ('high', 'medium', 'low')),
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'draft', 'archived')),
            review_date TEXT,
            evidence_statistic TEXT NOT NULL DEFAULT '',
            evidence_source TEXT NOT NULL DEFAULT '',
            evidence_date TEXT NOT NULL DEFAULT '',
            target_groups TEXT NOT NULL DEFAULT '[]',
            places TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now'))
        )
        """,
        "CREATE INDEX priorities_council ON priorities (council_id, status)",
        # council_id NULL marks the project's own open catalogue, shared by every council.
        """
        CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            council_id INTEGER REFERENCES councils(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            theme TEXT NOT NULL,
            outcome TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            unit TEXT NOT NULL,
            evidence_required TEXT NOT NULL DEFAULT '',
            counting_notes TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            keywords TEXT NOT NULL DEFAULT '',
            proxy_value REAL,
            proxy_unit TEXT NOT NULL DEFAULT '',
            proxy_source TEXT NOT NULL DEFAULT '',
            proxy_edition TEXT NOT NULL DEFAULT '',
            proxy_price_year TEXT NOT NULL DEFAULT '',
            proxy_licence TEXT NOT NULL DEFAULT '',
            gsvm_outcome TEXT NOT NULL DEFAULT '',
            ocds_goal TEXT NOT NULL DEFAULT '',
            toms_ref TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE UNIQUE INDEX measures_code ON measures (ifnull(council_id, 0), code)",
    )
    db.table("measures").enable_fts(
        ["code", "title", "description", "theme", "outcome", "keywords"],
        create_triggers=True,
        tokenize="porter",
    )


@migrations()
def m002_matching(db):
    _run(
        db,
        # Vectors are keyed by a hash of model and text, so they hold no council text.
        """
        CREATE TABLE embeddings (
            model TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, text_hash)
        )
        """,
        """
        CREATE TABLE match_decisions (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            priority_id INTEGER NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
            measure_code TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            decided_at TEXT NOT NULL DEFAULT (datetime('now')),
            UNIQUE (council_id, priority_id, measure_code)
        )
        """,
        "CREATE INDEX match_decisions_council ON match_decisions (council_id, decision)",
    )


@migrations()
def m003_procurements_specifications(db):
    _run(
        db,
        """
        CREATE TABLE procurements (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('works', 'goods', 'services')),
            cpv_code TEXT NOT NULL DEFAULT '',
            value_gbp INTEGER NOT NULL CHECK (value_gbp >= 0),
            duration_months INTEGER NOT NULL CHECK (duration_months >= 1),
            start_date TEXT,
            nation TEXT NOT NULL CHECK (nation IN
                ('England', 'Wales', 'Scotland', 'Northern Ireland')),
            lots TEXT NOT NULL DEFAULT '[]',
            reference TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now'))
        )
        """,
        "CREATE INDEX procurements_council ON procurements (council_id)",
        # One specification per procurement; weighting NULL means the council's default.
        """
        CREATE TABLE specifications (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            weighting_pct REAL CHECK (weighting_pct BETWEEN 0 AND 100),
            scoring_scale TEXT NOT NULL DEFAULT '0-5' CHECK (scoring_scale IN ('0-5', '0-100')),
            forced INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now')),
            UNIQUE (council_id, procurement_id)
        )
        """,
        # The prescribed outcomes; minimum and rationale NULL mean "as suggested".
        """
        CREATE TABLE specification_outcomes (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            specification_id INTEGER NOT NULL REFERENCES specifications(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            measure_code TEXT NOT NULL,
            priority_id INTEGER REFERENCES priorities(id) ON DELETE SET NULL,
            minimum REAL CHECK (minimum >= 0),
            rationale TEXT,
            UNIQUE (specification_id, measure_code)
        )
        """,
        "CREATE INDEX specification_outcomes_spec"
        " ON specification_outcomes (council_id, specification_id)",
        # Every edit of a clause is a new version; the latest overrides the generated text.
        """
        CREATE TABLE clause_edits (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            specification_id INTEGER NOT NULL REFERENCES specifications(id) ON DELETE CASCADE,
            clause_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            UNIQUE (specification_id, clause_key, version)
        )
        """,
        "CREATE INDEX clause_edits_spec ON clause_edits (council_id, specification_id, clause_key)",
    )


# Not transactional: rebuilding `specifications` (to allow the "review" status) needs foreign
# keys off, which SQLite ignores inside a transaction; dropping it with them on would cascade.
@migrations(transactional=False)
def m004_wizard_workspace(db):
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            _run(
                db,
                """
                CREATE TABLE specifications_m004 (
                    id INTEGER PRIMARY KEY,
                    council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
                    procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
                    status TEXT NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'review', 'final')),
                    weighting_pct REAL CHECK (weighting_pct BETWEEN 0 AND 100),
                    scoring_scale TEXT NOT NULL DEFAULT '0-5'
                        CHECK (scoring_scale IN ('0-5', '0-100')),
                    forced INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL DEFAULT (datetime('now')),
                    updated_at TEXT NOT NULL DEFAULT (datetime('now')),
                    copied_from INTEGER REFERENCES specifications(id) ON DELETE SET NULL,
                    UNIQUE (council_id, procurement_id)
                )
                """,
                "INSERT INTO specifications_m004 (id, council_id, procurement_id, status,"
                " weighting_pct, scoring_scale, forced, created_at, updated_at)"
                " SELECT id, council_id, procurement_id, status, weighting_pct, scoring_scale,"
                " forced, created_at, updated_at FROM specifications",
                "DROP TABLE specifications",
                "ALTER TABLE specifications_m004 RENAME TO specifications",
                # Draft answers and completion of each setup task; the answers are the
                # council's own (a JSON object per task).
                """
                CREATE TABLE wizard_tasks (
                    council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
                    task TEXT NOT NULL,
                    answers TEXT NOT NULL DEFAULT '{}',
                    completed_at TEXT,
                    updated_at TEXT NOT NULL DEFAULT (datetime('now')),
                    PRIMARY KEY (council_id, task)
                )
                """,
                # Which starter library priority each wizard-made priority came from.
                """
                CREATE TABLE starter_picks (
                    council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
                    starter_key TEXT NOT NULL,
                    priority_id INTEGER NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
                    PRIMARY KEY (council_id, starter_key)
                )
                """,
            )
            if db.execute("PRAGMA foreign_key_check").fetchall():
                raise ValueError("m004_wizard_workspace left foreign keys broken")
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@migrations()
def m005_accounts_audit_versions(db):
    _run(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL DEFAULT '',
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            last_sign_in_at TEXT
        )
        """,
        # A role per council: the one place access to a council's records is granted.
        """
        CREATE TABLE memberships (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'commissioner', 'viewer')),
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            PRIMARY KEY (user_id, council_id)
        )
        """,
        "CREATE INDEX memberships_council ON memberships (council_id)",
        # Who changed what, when; the email is kept so the log outlives the account.
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            council_id INTEGER REFERENCES councils(id) ON DELETE CASCADE,
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            user_email TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            request_id TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX audit_log_council ON audit_log (council_id, id)",
        # Optimistic locking: an edit names the version it started from.
        "ALTER TABLE priorities ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE procurements ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE specifications ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE specification_outcomes ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE clause_edits ADD COLUMN author TEXT NOT NULL DEFAULT ''",
    )


@migrations()
def m006_clause_edit_bases(db):
    # The generated wording an edit was made from, so a later change to it can be flagged.
    _run(db, "ALTER TABLE clause_edits ADD COLUMN generated TEXT")


@migrations()
def m007_temporary_passwords(db):
    # A password someone else set: its owner chooses their own the next time they sign in.
    _run(db, "ALTER TABLE users ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0")


@migrations()
def m008_procurement_regime(db):
    # The facts that decide which law a contract's specification cites: its kind, whether it is
    # for light touch services (NULL: decided from the CPV code) and, for a framework, the
    # spend the council guarantees (NULL: none).
    _run(
        db,
        "ALTER TABLE procurements ADD COLUMN kind TEXT NOT NULL DEFAULT 'contract'"
        " CHECK (kind IN ('contract', 'framework', 'concession'))",
        "ALTER TABLE procurements ADD COLUMN light_touch INTEGER CHECK (light_touch IN (0, 1))",
        "ALTER TABLE procurements ADD COLUMN guaranteed_value_gbp INTEGER"
        " CHECK (guaranteed_value_gbp >= 0)",
    )


@migrations()
def m009_sessions_and_invitations(db):
    _run(
        db,
        # Signing out adds one, ending every session that started before (a copied cookie too).
        "ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0",
        # When the person last started a session in this council: People shows only this.
        "ALTER TABLE memberships ADD COLUMN last_signed_in_at TEXT",
        # An admin's invitation to one council with one role; the person accepts it. Only a hash
        # of the link's token is kept, so the table cannot be used to accept one.
        """
        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            email TEXT NOT NULL COLLATE NOCASE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'commissioner', 'viewer')),
            token_hash TEXT NOT NULL UNIQUE,
            invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            expires_at TEXT NOT NULL,
            accepted_at TEXT
        )
        """,
        "CREATE INDEX invitations_council ON invitations (council_id, email)",
        "CREATE INDEX invitations_email ON invitations (email)",
    )


@migrations()
def m010_officer_notes_and_eligibility(db):
    # A measure's guidance for council officers (never shown to bidders) and what earns a
    # higher score for it; who counts towards an outcome, once the commissioner confirms it
    # (NULL: not yet confirmed; JSON {"places": [...], "groups": [...]}, empty for anyone).
    _run(
        db,
        "ALTER TABLE measures ADD COLUMN officer_notes TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE measures ADD COLUMN higher_score TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE specification_outcomes ADD COLUMN eligibility TEXT",
    )


@migrations()
def m011_value_basis_and_welsh_clauses(db):
    # Whether the estimated value includes VAT (NULL: not said), and for Welsh major
    # construction whether the contract includes the social public works clauses (NULL: not
    # yet decided): each changes what the specification may say.
    _run(
        db,
        "ALTER TABLE procurements ADD COLUMN value_includes_vat INTEGER"
        " CHECK (value_includes_vat IN (0, 1))",
        "ALTER TABLE procurements ADD COLUMN social_public_works_clauses INTEGER"
        " CHECK (social_public_works_clauses IN (0, 1))",
    )


@migrations()
def m012_procurement_workforce_and_extension(db):
    # The workforce on the contract in FTE (from the TUPE list, say) and the months of the
    # duration that are options to extend (NULL: not given): minimums are sized from the
    # workforce, where given, and set over the firm term.
    _run(
        db,
        "ALTER TABLE procurements ADD COLUMN workforce_fte REAL CHECK (workforce_fte > 0)",
        "ALTER TABLE procurements ADD COLUMN extension_months INTEGER"
        " CHECK (extension_months >= 0)",
    )


@migrations()
def m013_procurement_health_regime(db):
    # Which regime the officer says governs a health care contract: the Procurement Act 2023
    # ('act') or a Provider Selection Regime ('psr'); NULL: not said (FINDINGS-14b D1).
    _run(
        db,
        "ALTER TABLE procurements ADD COLUMN regime TEXT CHECK (regime IN ('act', 'psr'))",
    )


@migrations()
def m014_procurement_framework_suppliers(db):
    # How many suppliers a framework has for each lot: 'one' (call-offs go to it directly) or
    # 'several' (further competition or direct award by its rules); NULL: not said
    # (FINDINGS-16a 1.5).
    _run(
        db,
        "ALTER TABLE procurements ADD COLUMN framework_suppliers TEXT"
        " CHECK (framework_suppliers IN ('one', 'several'))",
    )


@migrations()
def m015_procurement_call_off(db):
    # A call-off under another body's framework: the framework it is under (free text) and its
    # route ('further competition' or 'direct award'); NULL: not said (FINDINGS-18a-t 3.1).
    _run(db, "ALTER TABLE procurements ADD COLUMN call_off_under TEXT")
    _run(
        db,
        "ALTER TABLE procurements ADD COLUMN call_off_route TEXT"
        " CHECK (call_off_route IN ('further competition', 'direct award'))",
    )

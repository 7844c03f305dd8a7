import GRDB

/// The results store's schema and its history, as GRDB migrations (docs/RESULTS_STORE.md describes the tables).
///
/// Each migration runs once per store, in one transaction, recorded in GRDB's `grdb_migrations` table, so a store
/// written by an older bechdelcli is brought up to date the first time a newer one opens it, and a store written
/// by a newer bechdelcli (with migrations this one does not know) is refused instead of misread.
public enum ResultsStoreSchema {
    /// SQLite `application_id` of a results store ("BDCS"): `file(1)` and the tool tell a store from other databases.
    public static let applicationID: Int32 = 0x4244_4353

    /// Migration identifiers, oldest first.
    public static let versions = ["v1-films-speakers-turns", "v2-content-index"]

    /// All migrations of the current schema.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(versions[0]) { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE films (
                    id INTEGER PRIMARY KEY,            -- 63 bits of the XXH3-128 hash of path
                    path TEXT NOT NULL UNIQUE,         -- absolute path of the audio file
                    film_id TEXT NOT NULL,             -- manifest film_id, else the file name without extension
                    imdb_id TEXT,
                    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
                    error TEXT,                        -- failed: the one-line error
                    content_hash TEXT,                 -- XXH3-128 of the file's bytes (32 hex digits)
                    size INTEGER,                      -- bytes, when hashed
                    modified_ns INTEGER,               -- modification time when hashed, ns since 1970 UTC
                    duration REAL,                     -- seconds
                    format TEXT,                       -- container, as libsndfile names it
                    subtype TEXT,                      -- encoding, as libsndfile names it
                    sample_rate INTEGER,               -- Hz
                    channels INTEGER,
                    tool_version TEXT NOT NULL,
                    sex_model TEXT NOT NULL,           -- content hashes of the model files used
                    segmentation_model TEXT NOT NULL,
                    embedding_model TEXT NOT NULL,
                    min_speech REAL NOT NULL,          -- seconds
                    count_f INTEGER,                   -- counted speakers by sex (done films)
                    count_m INTEGER,
                    uncounted_f INTEGER,
                    uncounted_m INTEGER,
                    speaking_time_f REAL,              -- seconds, counted and uncounted speakers
                    speaking_time_m REAL,
                    hash_seconds REAL,                 -- wall time of hashing and of each analysis stage
                    features_seconds REAL,
                    speech_seconds REAL,
                    segmentation_seconds REAL,
                    embedding_seconds REAL,
                    clustering_seconds REAL,
                    sex_seconds REAL,
                    analysis_seconds REAL,
                    recorded_at TEXT NOT NULL          -- UTC, ISO 8601
                )
                """)
            try db.execute(sql: """
                CREATE TABLE speakers (
                    film INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,           -- 0, 1, ...: counted speakers by first appearance, then uncounted
                    label TEXT NOT NULL,               -- F1, M2, ... (uF1, ... when uncounted)
                    sex TEXT NOT NULL CHECK (sex IN ('F', 'M')),
                    counted INTEGER NOT NULL,          -- 1 counted, 0 less speech than min_speech
                    confidence REAL NOT NULL,          -- of the sex decision, 0.5...1
                    speaking_time REAL NOT NULL,       -- seconds
                    first_appearance REAL NOT NULL,    -- seconds
                    last_appearance REAL NOT NULL,     -- seconds
                    PRIMARY KEY (film, number)
                ) WITHOUT ROWID
                """)
            try db.execute(sql: """
                CREATE TABLE turns (
                    film INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,           -- 0, 1, ... in time order
                    start REAL NOT NULL,               -- seconds
                    end REAL NOT NULL,                 -- seconds
                    speaker TEXT NOT NULL,             -- speakers.label
                    PRIMARY KEY (film, number)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration(versions[1]) { db in
            // Finding a done film by its bytes: a moved or copied file reuses the stored result.
            try db.execute(sql: "CREATE INDEX films_by_content ON films(content_hash, status)")
        }
        return migrator
    }
}

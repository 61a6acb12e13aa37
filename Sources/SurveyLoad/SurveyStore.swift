// The store's type: the one door to the database, opened (or created) and migrated here. Its
// facets live in extensions: SurveyStore+Migrations (schema), SurveyStore+Load (the run's bulk
// write), SurveyStore+Reads (what the stages and `status` read), SurveyStore+Lineage (the reads
// of `explain`); StoreRows holds the row types the reads return, FastInsert the C insert wrapper.
import GRDB

/// The one door to the database: owns the schema, its migrations and every read and write.
///
/// A run's batch is written in one transaction, so a crash leaves the store as it was.
public final class SurveyStore: Sendable {
    /// Internal, not private: the facets' extensions in other files read and write through it.
    let database: DatabaseQueue

    /// Opens (creating when needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        database = try DatabaseQueue(path: path)
        try Self.migrator.migrate(database)
    }

    /// A store in memory, for tests.
    public init() throws {
        database = try DatabaseQueue()
        try Self.migrator.migrate(database)
    }
}

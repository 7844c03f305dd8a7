/// The inputs the explain and clusters CLI tests run on (committed under Fixtures/): 40 films of the shared
/// table (`scripts/make_explain_fixture.py`) and a small model trained on the table
/// (`scripts/make_explain_model.sh`), so the tests do not depend on the shipped model's size.
enum ExplainFixture {
    static let name = "movies_explain_sample.csv"
    static let films = 40
    static var table: String { CLIRunner.fixture(name) }
    static var model: String { CLIRunner.fixture("explain_model.bdt") }
}

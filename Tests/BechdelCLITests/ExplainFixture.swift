/// The film table the explain and clusters CLI tests run on (committed under Fixtures/).
enum ExplainFixture {
    static let name = "movies_explain_sample.csv"
    static let films = 40
}

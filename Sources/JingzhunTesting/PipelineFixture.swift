/// A pipeline file for tests: the sample's reference data, templates and (sample) pseudonym key
/// from the repository, an inbox and output of the test's own, and `extra` YAML lines appended.
public enum PipelineFixture {
    public static func text(
        name: String, inbox: String, output: String, extra: String = "", repository: String = TestFolder.repository
    ) -> String {
        """
        name: \(name)
        inbox: \(inbox)
        output: \(output)
        reference: \(repository)/pipelines/reference
        templates: \(repository)/templates
        pseudonym_key: {file: \(repository)/pipelines/sample.key, sample: true}

        """ + extra
    }
}

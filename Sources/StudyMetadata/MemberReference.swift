import Digests

/// How a message names a sidecar member: a name of the schema as it is, any other name by
/// `#` and the first 8 hex digits of its SHA-256.
///
/// Member names are chosen by the uploader and can carry a patient's name or forge text that
/// reads like another violation (`"a: is required"`), so no message, log line or failure record
/// echoes one; the digest still lets the uploader find the member
/// (`printf %s NAME | sha256sum | cut -c1-8`).
enum MemberReference {
    /// The names that may appear as they are: the schema's fields (including `image`'s
    /// `key` and `contentType`) and the identifier vocabulary, matched as the validator matches them.
    static func isSchemaName(_ name: String) -> Bool {
        MetadataValidator.knownFields.contains(name) || name == "key" || name == "contentType"
            || MetadataValidator.identifierFields.contains(name.lowercased())
    }

    /// The path segment for member `name`.
    static func segment(_ name: String) -> String {
        isSchemaName(name) ? name : "#" + Digests.hex(Array(Digests.sha256(Array(name.utf8)).prefix(4)))
    }
}

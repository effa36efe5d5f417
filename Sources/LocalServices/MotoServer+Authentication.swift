import AWSSigV4
import CurlHTTP
import Foundation

/// moto's IAM enforcement, for tests of what a function does when its role is refused: moto
/// normally accepts any credentials; after ``enforceAuthentication(afterActions:)`` it checks
/// signatures against the IAM users it knows and evaluates their policies, as AWS does.
///
/// The setting is server-wide: use a server of your own (`MotoServer()`), never ``shared()``.
extension MotoServer {
    /// Makes moto authenticate and authorise every AWS request after the next `actions` ones
    /// (moto's `/moto-api/reset-auth`, its `INITIAL_NO_AUTH_ACTION_COUNT`).
    public func enforceAuthentication(afterActions actions: Int) throws {
        let response = try CurlHTTPClient().perform(
            HTTPRequest(method: .post, url: "\(endpoint)/moto-api/reset-auth", body: Array(String(actions).utf8)))
        guard response.status == 200 else { throw LocalServiceError("moto-api/reset-auth: HTTP \(response.status) \(response.bodyText)") }
    }

    /// Creates an IAM user with no policy at all and returns an access key of theirs: every
    /// request signed with it is denied once authentication is enforced. Two IAM actions.
    public func createUserWithoutPolicies(_ name: String) throws -> AWSCredentials {
        _ = try iamAction("CreateUser", ["UserName": name])
        let answer = try iamAction("CreateAccessKey", ["UserName": name])
        func element(_ tag: String) -> String? {
            guard let start = answer.range(of: "<\(tag)>"),
                let end = answer.range(of: "</\(tag)>", range: start.upperBound..<answer.endIndex)
            else { return nil }
            return String(answer[start.upperBound..<end.lowerBound])
        }
        guard let keyID = element("AccessKeyId"), let secret = element("SecretAccessKey") else {
            throw LocalServiceError("CreateAccessKey: no key in the answer")
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
    }

    /// One signed IAM query-protocol action (form-encoded POST), expecting 200; returns the XML.
    private func iamAction(_ action: String, _ parameters: [String: String]) throws -> String {
        let configuration = try configuration()
        let form = (["Action": action, "Version": "2010-05-08"].merging(parameters) { _, new in new })
            .sorted { $0.key < $1.key }
            .map { "\(SigV4Signer.encodeQueryComponent($0.key))=\(SigV4Signer.encodeQueryComponent($0.value))" }
            .joined(separator: "&")
        let body = Array(form.utf8)
        let host = "127.0.0.1:\(port)"
        let contentType = "application/x-www-form-urlencoded; charset=utf-8"
        let signer = SigV4Signer(
            credentials: try configuration.credentialSource.current(), region: "us-east-1", service: "iam", options: .standard)
        let signed = try signer.sign(
            method: "POST", path: "/", query: [], headers: [("Host", host), ("Content-Type", contentType)], payload: .bytes(body),
            date: Int(Date().timeIntervalSince1970))
        var headers = HTTPHeaders([("Host", host), ("Content-Type", contentType)])
        for header in signed.headers { headers.add(name: header.name, value: header.value) }
        let response = try CurlHTTPClient().perform(HTTPRequest(method: .post, url: "\(endpoint)/", headers: headers, body: body))
        guard response.status == 200 else { throw LocalServiceError("IAM \(action): HTTP \(response.status) \(response.bodyText)") }
        return response.bodyText
    }
}

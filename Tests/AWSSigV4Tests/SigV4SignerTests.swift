import Testing

@testable import AWSSigV4

struct DigestTests {
    @Test func sha256KnownVectors() {
        #expect(hexEncoded(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hexEncoded(Digest.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hmacSHA256RFC4231() {
        // RFC 4231 test case 2.
        #expect(
            hexEncoded(Digest.hmacSHA256(key: Array("Jefe".utf8), "what do ya want for nothing?"))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Empty key and data still work (no null-pointer failure).
        #expect(
            hexEncoded(Digest.hmacSHA256(key: [], data: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func signingKeyMatchesAWSDocumentationExample() {
        // "Deriving the signing key" example from the AWS General Reference (iam, us-east-1).
        let key = SigV4Signer.signingKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20120215", region: "us-east-1",
            service: "iam")
        #expect(hexEncoded(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}

struct TimestampTests {
    @Test(arguments: [
        (0, "19700101T000000Z", "19700101"),
        (1_440_938_160, "20150830T123600Z", "20150830"),
        (1_709_251_199, "20240229T235959Z", "20240229"),
        (1_709_251_200, "20240301T000000Z", "20240301"),
        (4_102_444_800, "21000101T000000Z", "21000101"),
    ])
    func formatsUTC(seconds: Int, amzDate: String, dateStamp: String) {
        let timestamp = SigV4Timestamp(secondsSinceEpoch: seconds)
        #expect(timestamp.amzDate == amzDate)
        #expect(timestamp.dateStamp == dateStamp)
    }
}

struct EncodingTests {
    @Test func s3KeyEncoding() {
        #expect(SigV4Signer.encodeS3Key("photos/cat.jpg") == "photos/cat.jpg")
        #expect(SigV4Signer.encodeS3Key("my folder/a b.txt") == "my%20folder/a%20b.txt")
        #expect(SigV4Signer.encodeS3Key("a+b=c&d?e#f%g") == "a%2Bb%3Dc%26d%3Fe%23f%25g")
        #expect(SigV4Signer.encodeS3Key("rå/日本 ✓~-_.") == "r%C3%A5/%E6%97%A5%E6%9C%AC%20%E2%9C%93~-_.")
        #expect(SigV4Signer.encodeS3Key("a//b/../c") == "a//b/../c")
    }

    @Test func queryComponentEncoding() {
        #expect(SigV4Signer.encodeQueryComponent("a b+c=d/e~f") == "a%20b%2Bc%3Dd%2Fe~f")
        #expect(SigV4Signer.encodeQueryComponent("ü") == "%C3%BC")
    }

    @Test func canonicalQueryIsSortedByEncodedNameThenValue() {
        let query = [("b", "2"), ("a", "z"), ("a", "y"), ("A", "1"), ("a b", ""), ("prefix", "a b+c")]
        #expect(
            SigV4Signer.canonicalQueryString(query)
                == "A=1&a=y&a=z&a%20b=&b=2&prefix=a%20b%2Bc")
    }

    @Test func standardPathIsNormalisedAndDoubleEncoded() {
        let signer = SigV4Signer(credentials: .init(accessKeyID: "a", secretAccessKey: "b"), region: "r", service: "s")
        #expect(signer.canonicalURI("") == "/")
        #expect(signer.canonicalURI("//a/./b/../c//") == "/a/c/")
        #expect(signer.canonicalURI("/a/..") == "/")
        #expect(signer.canonicalURI("/my%20file") == "/my%2520file")
        #expect(signer.canonicalURI("/a b") == "/a%20b")
    }

    @Test func s3PathIsSignedAsGiven() {
        let signer = SigV4Signer(
            credentials: .init(accessKeyID: "a", secretAccessKey: "b"), region: "r", service: "s3", options: .s3)
        #expect(signer.canonicalURI("") == "/")
        #expect(signer.canonicalURI("//a/./b/../c//") == "//a/./b/../c//")
        #expect(signer.canonicalURI("/b/my%20file%2B1") == "/b/my%20file%2B1")
        #expect(signer.canonicalURI("/b/a b+c=ü%zz") == "/b/a%20b%2Bc%3D%C3%BC%25zz")
    }

    @Test func headerValuesAreTrimmedAndFolded() {
        #expect(SigV4Signer.trimAll("  a   b\t\tc \n  d  ") == "a b c d")
        #expect(SigV4Signer.trimAll("") == "")
        #expect(SigV4Signer.trimAll("   ") == "")
    }
}

struct CredentialsTests {
    @Test func readsEnvironment() throws {
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
        ]
        let credentials = try AWSCredentials.fromEnvironment { environment[$0] }
        #expect(credentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"))
    }

    @Test func emptySessionTokenIsNone() throws {
        let environment = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": ""]
        #expect(try AWSCredentials.fromEnvironment { environment[$0] }.sessionToken == nil)
    }

    @Test func missingVariablesAreTypedErrors() {
        #expect(throws: AWSCredentialsError.missingVariable("AWS_ACCESS_KEY_ID")) {
            try AWSCredentials.fromEnvironment { _ in nil }
        }
        #expect(throws: AWSCredentialsError.missingVariable("AWS_SECRET_ACCESS_KEY")) {
            try AWSCredentials.fromEnvironment { $0 == "AWS_ACCESS_KEY_ID" ? "AKID" : "" }
        }
    }
}

struct SignerBehaviourTests {
    let signer = SigV4Signer(
        credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")

    @Test func addsHeadersInDocumentedOrder() throws {
        var s3 = signer
        s3.options = .s3
        s3.credentials.sessionToken = "tok"
        let result = try s3.sign(
            method: "GET", path: "/", headers: [("Host", "h"), ("X-Amz-Date", "stale"), ("Authorization", "old")],
            payload: .unsigned, date: 0)
        #expect(result.headers.map(\.name) == ["X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256", "Authorization"])
        #expect(result.header("x-amz-date") == "19700101T000000Z")
        #expect(result.header("X-Amz-Content-SHA256") == "UNSIGNED-PAYLOAD")
        #expect(result.signedHeaders == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
        #expect(!result.canonicalRequest.contains("stale"))
        #expect(!result.canonicalRequest.contains("old"))
    }

    @Test func omittedSessionTokenIsAddedButNotSigned() throws {
        var omitting = signer
        omitting.credentials.sessionToken = "tok"
        omitting.options.omitSessionTokenFromSignature = true
        let result = try omitting.sign(method: "POST", path: "/", headers: [("Host", "h")], payload: .empty, date: 0)
        #expect(result.signedHeaders == "host;x-amz-date")
        #expect(result.header("X-Amz-Security-Token") == "tok")
    }

    @Test func hopByHopHeadersAreNotSigned() throws {
        let result = try signer.sign(
            method: "get", path: "/",
            headers: [("Host", "h"), ("User-Agent", "x"), ("Connection", "keep-alive"), ("X-Amzn-Trace-Id", "t")],
            payload: .empty, date: 0)
        #expect(result.signedHeaders == "host;x-amz-date")
        #expect(result.canonicalRequest.hasPrefix("GET\n/\n\nhost:h\n"))
    }

    @Test func rejectsBadInput() {
        #expect(throws: SigV4Error.missingHostHeader) {
            try signer.sign(method: "GET", path: "/", headers: [], payload: .empty, date: 0)
        }
        #expect(throws: SigV4Error.invalidHeaderName("Bad Name")) {
            try signer.sign(method: "GET", path: "/", headers: [("Host", "h"), ("Bad Name", "v")], payload: .empty, date: 0)
        }
        #expect(throws: SigV4Error.invalidPayloadHash("abc")) {
            try signer.sign(method: "GET", path: "/", headers: [("Host", "h")], payload: .precomputedHash("abc"), date: 0)
        }
    }

    @Test func precomputedHashEqualsHashingTheBody() throws {
        let body = Array("hello".utf8)
        let hashed = try signer.sign(method: "PUT", path: "/", headers: [("Host", "h")], payload: .bytes(body), date: 0)
        let precomputed = try signer.sign(
            method: "PUT", path: "/", headers: [("Host", "h")],
            payload: .precomputedHash("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), date: 0)
        #expect(hashed.payloadHash == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(hashed.signature == precomputed.signature)
    }
}

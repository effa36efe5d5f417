import AWSSigV4
import CurlHTTP
import Foundation
import LocalServices
import Testing

@testable import AWSClients

/// S3 Express One Zone: directory bucket names, their Zonal endpoints, CreateSession's answer and
/// the session cache; and what moto (5.2.5) supports of it: nothing yet.
@Suite struct S3ExpressTests {
    @Test func directoryBucketNamesCarryTheirZone() {
        #expect(DirectoryBucket("tensors--use1-az4--x-s3")?.zoneID == "use1-az4")
        #expect(DirectoryBucket("rad--stream--usw2-lax1-az1--x-s3")?.zoneID == "usw2-lax1-az1")
        for name in ["tensors", "tensors--x-s3", "--use1-az4--x-s3", "tensors--USE1-az4--x-s3", "tensors--use1-az4-", "tensors---x-s3"] {
            #expect(DirectoryBucket(name) == nil, "\(name)")
        }
    }

    @Test func directoryBucketsAreReachedAtTheirZonalEndpoint() throws {
        let client = S3Client(
            configuration: AWSConfiguration(credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"), region: "us-east-1"))
        let location = try client.locate(bucket: "tensors--use1-az4--x-s3", key: "tensors/1.2.3/ab.bin")
        #expect(location.host == "tensors--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com")
        #expect(location.path == "/tensors/1.2.3/ab.bin")
        #expect(location.directory?.zoneID == "use1-az4")
        #expect(try client.locate(bucket: "radstream-tensors", key: "k").directory == nil)
    }

    /// The response syntax of the S3 API Reference's CreateSession.
    @Test func createSessionsAnswerIsParsed() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Credentials>
                <SessionToken>TOKEN&amp;1</SessionToken>
                <SecretAccessKey>secret</SecretAccessKey>
                <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
                <Expiration>2026-12-01T12:05:00Z</Expiration>
              </Credentials>
            </CreateSessionResult>
            """
        let session = try #require(S3ExpressSessions.parse(Array(body.utf8)))
        #expect(session.accessKeyID == "ASIAEXAMPLE" && session.secretAccessKey == "secret" && session.sessionToken == "TOKEN&1")
        #expect(session.expiration == Date(timeIntervalSince1970: 1_796_126_700))
        #expect(S3ExpressSessions.parse(Array("<ListBucketResult/>".utf8)) == nil)
        #expect(S3ExpressSessions.parse(Array(body.replacingOccurrences(of: "<SessionToken>TOKEN&amp;1</SessionToken>", with: "").utf8)) == nil)
    }

    @Test func aSessionIsReusedUntilAMinuteBeforeItExpires() throws {
        let sessions = S3ExpressSessions()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var created = 0
        func session(at now: Date) throws -> S3ExpressSessions.Session {
            try sessions.session(for: "b--use1-az4--x-s3", now: now) { () throws(S3Error) -> S3ExpressSessions.Session in
                created += 1
                return S3ExpressSessions.Session(
                    accessKeyID: "k\(created)", secretAccessKey: "s", sessionToken: "t", expiration: now.addingTimeInterval(300))
            }
        }
        #expect(try session(at: start).accessKeyID == "k1")
        #expect(try session(at: start.addingTimeInterval(239)).accessKeyID == "k1")
        #expect(try session(at: start.addingTimeInterval(241)).accessKeyID == "k2", "refreshed in the last minute")
        sessions.invalidate("b--use1-az4--x-s3")
        #expect(try session(at: start.addingTimeInterval(242)).accessKeyID == "k3")
    }

    /// moto 5.2.5 has no directory buckets and no CreateSession: a bucket named like one is an
    /// ordinary bucket, and `GET /<bucket>?session=` lists it. The client refuses that answer as a
    /// typed error rather than signing with nothing; a moto that learns CreateSession fails this.
    @Test func motoAnswersCreateSessionWithAListingWhichIsATypedRefusal() async throws {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let bucket = "rs\(UInt32.random(in: 0...UInt32.max))--use1-az4--x-s3"
        let error = try await BlockingIO.run { () -> S3Error? in
            try moto.createBucket(bucket)
            let client = S3Client(configuration: try moto.configuration(), retryPolicy: .none)
            do throws(S3Error) {
                try client.putObject(bucket: bucket, key: "tensors/x.bin", body: [1, 2, 3])
                return nil
            } catch {
                return error
            }
        }
        #expect(error == .other(code: "InvalidCreateSessionResponse", status: 200, message: "the answer to CreateSession holds no credentials"))
        #expect(error?.errorType == "S3.RequestRejected")
    }
}

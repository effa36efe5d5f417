import AWSSigV4
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A directory bucket of S3 Express One Zone: `<base name>--<zone id>--x-s3`
/// (`tensors--use1-az4--x-s3`), reached at its Zonal endpoint
/// `<bucket>.s3express-<zone id>.<region>.amazonaws.com`.
public struct DirectoryBucket: Sendable, Equatable {
    /// The whole bucket name.
    public let name: String
    /// The Availability Zone (or Local Zone) id, e.g. `use1-az4`.
    public let zoneID: String

    /// The suffix every directory bucket name ends with.
    public static let suffix = "--x-s3"

    /// `nil` unless `name` is `<base>--<zone id>--x-s3` with a non-empty base and a zone id of
    /// lower-case letters, digits and single hyphens.
    public init?(_ name: String) {
        guard name.hasSuffix(Self.suffix) else { return nil }
        let stem = Array(name.utf8.dropLast(Self.suffix.utf8.count))
        // The zone id follows the last "--" of the stem.
        guard let separator = (0..<max(stem.count - 1, 0)).last(where: { stem[$0] == UInt8(ascii: "-") && stem[$0 + 1] == UInt8(ascii: "-") })
        else { return nil }
        let zone = stem[(separator + 2)...]
        let isZoneCharacter: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        guard separator > 0, !zone.isEmpty, zone.allSatisfy(isZoneCharacter), zone.first != 0x2D, zone.last != 0x2D else { return nil }
        self.name = name
        zoneID = String(decoding: zone, as: UTF8.self)
    }

    /// The Zonal endpoint's host name.
    public func host(region: String, dnsSuffix: String) -> String {
        "\(name).s3express-\(zoneID).\(region).\(dnsSuffix)"
    }
}

/// Session credentials for directory buckets (CreateSession): one session per bucket, reused
/// until ``refreshWindow`` before it expires (sessions last five minutes), shared by every copy
/// of the ``S3Client`` that made it.
final class S3ExpressSessions: Sendable {
    /// A session's credentials: sign with the key pair, send the token as `x-amz-s3session-token`.
    struct Session: Sendable, Equatable {
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String
        var expiration: Date
    }

    /// How long before its expiry a session is replaced.
    static let refreshWindow: TimeInterval = 60

    private let sessions = Mutex<[String: Session]>([:])

    /// The bucket's session, created with `create` when there is none or it is about to expire.
    func session(for bucket: String, now: Date = Date(), create: () throws(S3Error) -> Session) throws(S3Error) -> Session {
        if let current = sessions.withLock({ $0[bucket] }), current.expiration.timeIntervalSince(now) > Self.refreshWindow {
            return current
        }
        let created = try create()
        sessions.withLock { $0[bucket] = created }
        return created
    }

    /// Forgets the bucket's session (S3 refused it).
    func invalidate(_ bucket: String) {
        _ = sessions.withLock { $0.removeValue(forKey: bucket) }
    }

    /// Reads a CreateSession response: `<CreateSessionResult><Credentials>` with `AccessKeyId`,
    /// `SecretAccessKey`, `SessionToken` and `Expiration` (ISO 8601); `nil` when any is missing.
    static func parse(_ body: [UInt8]) -> Session? {
        let text = String(decoding: body, as: UTF8.self)
        guard text.contains("<CreateSessionResult"), let key = S3ErrorBody.element("AccessKeyId", in: text),
            let secret = S3ErrorBody.element("SecretAccessKey", in: text), let token = S3ErrorBody.element("SessionToken", in: text),
            let expirationText = S3ErrorBody.element("Expiration", in: text),
            let expiration = parseTime(expirationText), !key.isEmpty, !secret.isEmpty, !token.isEmpty
        else { return nil }
        return Session(accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    /// An ISO 8601 time with or without fractional seconds.
    private static func parseTime(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

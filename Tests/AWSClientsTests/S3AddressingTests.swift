import AWSSigV4
import Testing

@testable import AWSClients

/// Where S3 requests go: virtual-hosted on AWS, path-style for dotted buckets and custom endpoints.
@Suite struct S3AddressingTests {
    func client(region: String = "eu-west-1", endpoint: String? = nil) -> S3Client {
        var overrides: [AWSService: AWSEndpoint] = [:]
        if let endpoint { overrides[.s3] = AWSEndpoint(url: endpoint) }
        return S3Client(
            configuration: AWSConfiguration(
                credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"), region: region, endpointOverrides: overrides))
    }

    @Test func awsUsesVirtualHostedStyleWithAnEncodedKey() throws {
        let location = try client().locate(bucket: "radstream-images", key: "images/study 1/a+b=c ü.jpg")
        #expect(location.host == "radstream-images.s3.eu-west-1.amazonaws.com")
        #expect(location.path == "/images/study%201/a%2Bb%3Dc%20%C3%BC.jpg")
        #expect(client().transport.endpoint.baseURL == "https://s3.eu-west-1.amazonaws.com")
    }

    @Test func dottedBucketsUsePathStyleOnTheRegionalEndpoint() throws {
        let location = try client().locate(bucket: "images.example.com", key: "k")
        #expect(location.host == nil)
        #expect(location.path == "/images.example.com/k")
    }

    @Test func customEndpointsUsePathStyle() throws {
        let custom = client(endpoint: "http://127.0.0.1:5000")
        let location = try custom.locate(bucket: "radstream-images", key: "a/b c")
        #expect(location.host == nil)
        #expect(location.path == "/radstream-images/a/b%20c")
        #expect(custom.transport.endpoint.authority == "127.0.0.1:5000")
    }
}

import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// Canary patient data — in sidecars and in a DICOM header — through the whole pipeline (moto,
/// the six functions, Triton): no log line of any function, no telemetry record (Kinesis and the Firehose lake), no stored result
/// or failure record, no tensor key and no execution output or error may contain any of it —
/// whether the sidecar is pseudonymised and the study succeeds, or rejected and caught. The HMAC
/// key and the inference credential come from Secrets Manager, and their values are canaries too.
@Suite(.serialized)
struct PHICanaryTests {
    static let canaries = [
        "name": "CANARYSURNAME^Quill", "birthDate": "19330517", "address": "42 Canary Wharf Lane",
        "phone": "+44-20-7946-0958", "mrn": "MRN-CANARY-77", "email": "quill@canary.example",
        // An uploader's folder name that carries a patient's name: it names no execution, no
        // record key, no telemetry row and no metric line.
        "folder": "Quill-CANARYFOLDER-1933",
    ]

    static var identifiers: [String: Any] {
        [
            "patientName": canaries["name"]!, "patientBirthDate": canaries["birthDate"]!, "patientAddress": canaries["address"]!,
            "patientTelephoneNumbers": canaries["phone"]!, "patientID": canaries["mrn"]!, "patientEmail": canaries["email"]!,
        ]
    }

    /// Every place a value could leak to, as text.
    static func everything(in pipeline: LocalPipeline, logs: LogCollector, executions: [StepFunctionsClient.Execution]) async throws
        -> [(place: String, text: String)]
    {
        var places: [(String, String)] = logs.allLines.map { ("log", $0) }
        places += try await pipeline.telemetry().map { ("Kinesis record", String(decoding: $0, as: UTF8.self)) }
        places += try await pipeline.telemetryLakeRecords().map { ("telemetry lake", String(decoding: $0, as: UTF8.self)) }
        for key in try await pipeline.objectKeys(bucket: pipeline.resources.results) {
            places.append(("result key", key))
            places.append(
                ("result \(key)", String(decoding: try await pipeline.object(bucket: pipeline.resources.results, key: key), as: UTF8.self)))
        }
        places += try await pipeline.objectKeys(bucket: pipeline.resources.tensors).map { ("tensor key", $0) }
        for execution in executions {
            places.append(("execution", [execution.output, execution.error, execution.cause].compactMap { $0 }.joined(separator: " ")))
        }
        return places
    }

    /// Secret values: the pseudonymisation key (hex) and the inference credential.
    static let secretCanaries = [String(repeating: "5a", count: 32), "CANARY-inference-credential-9d41e0"]

    static func leaks(_ places: [(place: String, text: String)]) -> [String] {
        places.flatMap { place in
            (Array(canaries.values) + secretCanaries + ValidateDICOMTests.canaries).filter { place.text.contains($0) }.map {
                "\(place.place) carries \($0): \(place.text.prefix(200))"
            }
        }
    }

    @Test func pseudonymisedAndRejectedStudiesLeakNoPatientDataAnywhere() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let logs = LogCollector()
        let triton = try await BlockingIO.run { try TritonServer.shared() }
        // The secrets live in the shared moto (the pipeline's own starts empty with it); the
        // functions reach it through Secrets Manager's own endpoint variable.
        let secretsMoto = try await BlockingIO.run { try MotoServer.shared() }
        let (keyARN, credentialARN) = try await BlockingIO.run {
            let secrets = try MotoSecrets(secretsMoto)
            return (
                try secrets.create(name: "canary-key-\(UUID().uuidString)", value: Self.secretCanaries[0]),
                try secrets.create(name: "canary-credential-\(UUID().uuidString)", value: Self.secretCanaries[1])
            )
        }
        let secretsEndpoint = ["AWS_ENDPOINT_URL_SECRETS_MANAGER": secretsMoto.endpoint]
        let pipeline = try await LocalPipeline.start(
            functionsFolder: FunctionHarness.binFolder,
            definitionPath: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json",
            triton: triton, logSink: logs.sink(),
            functionEnvironment: [
                "ValidateMetadata": ["PHI_POLICY": "pseudonymize", "PHI_HMAC_KEY_SECRET_ARN": keyARN].merging(secretsEndpoint) { $1 },
                "RunInference": ["INFERENCE_CREDENTIAL_SECRET_ARN": credentialARN].merging(secretsEndpoint) { $1 },
            ])
        do {
            // Pseudonymised: every identifier is dropped or hashed, and the study succeeds.
            let pseudonymised = StateMachineTests.sidecar(study: "c-1", uid: "1.2.3.900", extra: Self.identifiers)
            let firstARN = try await pipeline.submit(
                study: "c-1", image: image, imageExtension: "png", sidecar: Array(try JSONSerialization.data(withJSONObject: pseudonymised))
            )
            let first = try await pipeline.wait(for: firstARN)
            #expect(first.status == "SUCCEEDED", "\(first.error ?? "") \(first.cause ?? "")")
            let pseudonym = try #require(
                ((try jsonObject(Array((first.output ?? "{}").utf8))["study"] as? [String: Any])?["metadata"] as? [String: Any])?[
                    "patientPseudonym"] as? String)
            #expect(pseudonym.count == 64, "the MRN became a keyed hash")

            // Rejected: a second sidecar with the same identifiers and an invalid modality (and a
            // truncated image), in a folder named after the patient: the failure record, the error
            // message, the execution name and telemetry stay clean.
            let folder = Self.canaries["folder"]!
            var rejected = StateMachineTests.sidecar(study: folder, uid: "1.2.3.901", extra: Self.identifiers)
            rejected["modality"] = "NOT-A-MODALITY"
            let secondARN = try await pipeline.submit(
                study: folder, image: Array(image.prefix(100)), imageExtension: "png",
                sidecar: Array(try JSONSerialization.data(withJSONObject: rejected)))
            let second = try await pipeline.wait(for: secondARN)
            #expect(second.status == "FAILED")

            // A DICOM object whose header still names the patient (top level, nested, private):
            // pseudonymised from PatientID, it runs end to end; no header value travels.
            let dicomARN = try await pipeline.submitDICOM(study: "c-dicom", dicom: try SampleFixtures.file("with-patient-identifiers.dcm"))
            let dicom = try await pipeline.wait(for: dicomARN)
            #expect(dicom.status == "SUCCEEDED", "\(dicom.error ?? "") \(dicom.cause ?? "")")
            let dicomMetadata = (try jsonObject(Array((dicom.output ?? "{}").utf8))["study"] as? [String: Any])?["metadata"] as? [String: Any]
            #expect((dicomMetadata?["patientPseudonym"] as? String)?.count == 64)
            #expect(dicomMetadata?["transferSyntaxUID"] as? String == "1.2.840.10008.1.2.4.70")

            // Telemetry reaches the lake before the checks.
            let sent = try await pipeline.telemetry().count
            for _ in 0..<100 where try await pipeline.telemetryLakeRecords().count < sent {
                try await Task.sleep(for: .milliseconds(50))
            }
            var places = try await Self.everything(in: pipeline, logs: logs, executions: [first, second, dicom])
            places.append(("execution name", LocalPipeline.executionName(of: secondARN)))
            #expect(places.count > 40, "the check looked at \(places.count) places")
            #expect(Self.leaks(places).isEmpty, "\(Self.leaks(places))")
            #expect(places.contains { $0.text.contains(pseudonym) }, "the pseudonym (not the MRN) is what travels")
        } catch {
            await pipeline.shutdown()
            throw error
        }
        await pipeline.shutdown()
    }
}

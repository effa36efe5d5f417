import AWSClients
import LambdaRuntime

LambdaRuntime.run { _ in try SendTelemetry(environment: AWSConfiguration.processEnvironment) }

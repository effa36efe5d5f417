import AWSClients
import LambdaRuntime

LambdaRuntime.run { _ in try ValidateMetadata(environment: AWSConfiguration.processEnvironment) }

import AWSClients
import LambdaRuntime

LambdaRuntime.run { _ in try RunInference(environment: AWSConfiguration.processEnvironment) }

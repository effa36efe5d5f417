import AWSClients
import LambdaRuntime

LambdaRuntime.run { _ in try StoreResults(environment: AWSConfiguration.processEnvironment) }

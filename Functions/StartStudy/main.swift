import AWSClients
import LambdaRuntime

LambdaRuntime.run { _ in try StartStudy(environment: AWSConfiguration.processEnvironment) }

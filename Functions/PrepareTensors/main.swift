import AWSClients
import LambdaRuntime

LambdaRuntime.run { _ in try PrepareTensors(environment: AWSConfiguration.processEnvironment) }

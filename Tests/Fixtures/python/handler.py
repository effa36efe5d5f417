"""Handlers run under AWS's own runtime client (awslambdaric) to cross-check the emulator."""
import os


class ImageTooLarge(Exception):
    """A typed error: its class name becomes the errorType Step Functions matches."""


def echo(event, context):
    return {
        "event": event,
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "memoryLimitInMB": context.memory_limit_in_mb,
        "remainingMilliseconds": context.get_remaining_time_in_millis(),
        "invokedFunctionArn": context.invoked_function_arn,
        "traceEnvironment": os.environ.get("_X_AMZN_TRACE_ID"),
    }


def fail(event, context):
    raise ImageTooLarge("the image is larger than the configured limit")


def noop(event, context):
    return {}

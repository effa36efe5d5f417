"""Prints facts about RadStream's deployment files as JSON, for Tests/DeployTests to assert on.

Usage:
  deploy_facts.py template TEMPLATE.yaml   (the test venv: cfn-lint's decoder reads !Sub, !If, ...)
  deploy_facts.py manifests FILE.yaml...   (every YAML document of each file, as JSON)
  deploy_facts.py pbtxt CONFIG.pbtxt        (the Triton venv: parsed with Triton's own ModelConfig
                                             protobuf schema, so an unknown field is an error)

The template facts:
  allowStatements      every Allow statement of an IAM role/policy (both branches of a Fn::If),
                       with its owner, Sid, actions and resources (intrinsics rendered as JSON)
  denyStatementCount   how many Deny statements were skipped (TLS-only bucket and queue policies)
  substitutionKeys     the state machine's DefinitionSubstitutions keys
  functionEnvironment  {function logical id: [variable names]}
  glueColumns          [{name, type}] of the Glue table's columns, in order
  eventRules, alarms   {logical id: properties} of the EventBridge rules and CloudWatch alarms
  queues, eventSourceMappings  {logical id: properties} of the SQS queues and Lambda event sources
  functions            {logical id: {Runtime, Handler, MemorySize, Timeout, ...}} as written
  parameters           the Parameters section
"""

import json
import sys


def branches(value):
    """Yields the concrete values a property may take: both arms of Fn::If, no AWS::NoValue."""
    if isinstance(value, dict) and list(value.keys()) == ["Fn::If"]:
        _, when_true, when_false = value["Fn::If"]
        yield from branches(when_true)
        yield from branches(when_false)
    elif isinstance(value, dict) and value == {"Ref": "AWS::NoValue"}:
        return
    else:
        yield value


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def rendered(value):
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def plain(value):
    """cfn-lint's node classes to plain JSON-able values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def policy_documents(logical_id, resource):
    kind = resource.get("Type")
    properties = resource.get("Properties", {})
    if kind == "AWS::IAM::Role":
        for policy in as_list(properties.get("Policies")):
            for concrete in branches(policy):
                yield concrete.get("PolicyName"), concrete.get("PolicyDocument", {})
    elif kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        yield properties.get("PolicyName", logical_id), properties.get("PolicyDocument", {})
    elif kind in ("AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy"):
        yield logical_id, properties.get("PolicyDocument", {})


def template_facts(path):
    from cfnlint.decode import cfn_yaml

    template = plain(cfn_yaml.load(path))
    resources = template.get("Resources", {})
    allow, denies = [], 0
    for logical_id, resource in resources.items():
        for policy_name, document in policy_documents(logical_id, resource):
            for entry in as_list(document.get("Statement")):
                for statement in branches(entry):
                    if statement.get("Effect") != "Allow":
                        denies += 1
                        continue
                    allow.append(
                        {
                            "owner": logical_id,
                            "policy": policy_name,
                            "sid": statement.get("Sid"),
                            "actions": [rendered(a) for a in as_list(statement.get("Action"))],
                            "notActions": [rendered(a) for a in as_list(statement.get("NotAction"))],
                            "resources": [rendered(r) for r in as_list(statement.get("Resource"))],
                            "notResources": [rendered(r) for r in as_list(statement.get("NotResource"))],
                        }
                    )
    substitutions, environment, functions, columns, rules, alarms = [], {}, {}, [], {}, {}
    queues, mappings = {}, {}
    for logical_id, resource in resources.items():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::StepFunctions::StateMachine":
            substitutions += list(properties.get("DefinitionSubstitutions", {}).keys())
        elif resource.get("Type") == "AWS::Lambda::Function":
            environment[logical_id] = list(properties.get("Environment", {}).get("Variables", {}).keys())
            functions[logical_id] = {k: v for k, v in properties.items() if k != "Environment"}
        elif resource.get("Type") == "AWS::Events::Rule":
            rules[logical_id] = properties
        elif resource.get("Type") == "AWS::SQS::Queue":
            queues[logical_id] = properties
        elif resource.get("Type") == "AWS::Lambda::EventSourceMapping":
            mappings[logical_id] = properties
        elif resource.get("Type") == "AWS::CloudWatch::Alarm":
            alarms[logical_id] = properties
        elif resource.get("Type") == "AWS::Glue::Table":
            descriptor = properties.get("TableInput", {}).get("StorageDescriptor", {})
            columns += [{"name": c["Name"], "type": c["Type"]} for c in descriptor.get("Columns", [])]
    return {
        "allowStatements": allow,
        "denyStatementCount": denies,
        "substitutionKeys": substitutions,
        "functionEnvironment": environment,
        "functions": functions,
        "glueColumns": columns,
        "eventRules": rules,
        "alarms": alarms,
        "queues": queues,
        "eventSourceMappings": mappings,
        "parameters": template.get("Parameters", {}),
    }


def manifest_facts(paths):
    import yaml

    documents = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for document in yaml.safe_load_all(file):
                if document is not None:
                    documents.append({"file": path, "document": document})
    return documents


def pbtxt_facts(path):
    from google.protobuf import json_format, text_format
    from tritonclient.grpc import model_config_pb2

    with open(path, encoding="utf-8") as file:
        config = text_format.Parse(file.read(), model_config_pb2.ModelConfig())
    return json_format.MessageToDict(config, preserving_proto_field_name=True)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("template", "manifests", "pbtxt"):
        sys.exit(__doc__)
    command, paths = sys.argv[1], sys.argv[2:]
    if command == "template":
        facts = template_facts(paths[0])
    elif command == "manifests":
        facts = manifest_facts(paths)
    else:
        facts = pbtxt_facts(paths[0])
    json.dump(facts, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()

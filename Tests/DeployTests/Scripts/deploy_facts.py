"""Prints facts about RadStream's deployment files as JSON, for Tests/DeployTests to assert on.

Usage:
  deploy_facts.py template TEMPLATE.yaml   (the test venv: cfn-lint's decoder reads !Sub, !If, ...)
  deploy_facts.py manifests FILE.yaml...   (every YAML document of each file, as JSON)
  deploy_facts.py deployment ENDPOINT BUCKET PREFIX STACK
                                           (the test venv: what scripts/deploy.sh left in moto —
                                            the artifacts bucket's settings, the objects under
                                            PREFIX with their SHA-256, the stack's change sets)
  deploy_facts.py render TEMPLATE.yaml OUT.json NAME=VALUE...
                                           (the test venv: the template with these parameter
                                            values and the others' defaults, its Conditions
                                            evaluated, Fn::If resolved, AWS::NoValue removed and
                                            resources of false conditions dropped: one concrete
                                            variant for checkov, which evaluates conditions poorly)
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
  resources, outputs   the Resources and Outputs sections as written (intrinsics as JSON objects)
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
        "resources": resources,
        "outputs": template.get("Outputs", {}),
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


def deployment_facts(endpoint, bucket, prefix, stack):
    import hashlib

    import boto3

    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    s3 = session.client("s3", endpoint_url=endpoint)
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    objects = {}
    for entry in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []):
        body = s3.get_object(Bucket=bucket, Key=entry["Key"])["Body"].read()
        objects[entry["Key"][len(prefix):]] = hashlib.sha256(body).hexdigest()
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    change_sets = []
    for summary in cloudformation.list_change_sets(StackName=stack).get("Summaries", []):
        if summary.get("StackName") != stack:  # moto lists every stack's change sets
            continue
        described = cloudformation.describe_change_set(StackName=stack, ChangeSetName=summary["ChangeSetName"])
        template = cloudformation.get_template(StackName=stack, ChangeSetName=summary["ChangeSetName"])["TemplateBody"]
        change_sets.append(
            {
                "status": described.get("Status"),
                "capabilities": described.get("Capabilities", []),
                "parameters": {p["ParameterKey"]: p.get("ParameterValue") for p in described.get("Parameters", [])},
                "templateSHA256": hashlib.sha256(
                    (template if isinstance(template, str) else json.dumps(template)).encode()
                ).hexdigest(),
            }
        )
    return {
        "objects": objects,
        "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
        "encryption": [rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for rule in encryption],
        "publicAccessBlock": s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"],
        "changeSets": change_sets,
    }


_NO_VALUE = object()


def render(path, out, assignments):
    from cfnlint.decode import cfn_yaml

    template = plain(cfn_yaml.load(path))
    values = {name: spec.get("Default") for name, spec in template.get("Parameters", {}).items()}
    for assignment in assignments:
        name, _, value = assignment.partition("=")
        if name not in values:
            sys.exit(f"render: no parameter {name}")
        values[name] = value
        # The value as the default, so a scanner resolving Ref to a default sees it.
        template["Parameters"][name]["Default"] = value

    def parameter(name):
        value = values[name]
        if template["Parameters"][name]["Type"] == "CommaDelimitedList":
            return [] if value in (None, "") else str(value).split(",")
        return "" if value is None else str(value)

    def scalar(node):
        if isinstance(node, dict) and list(node) == ["Ref"]:
            return parameter(node["Ref"])
        if isinstance(node, dict) and list(node) == ["Fn::Join"]:
            separator, parts = node["Fn::Join"]
            items = scalar(parts)
            return separator.join(str(scalar(item)) for item in (items if isinstance(items, list) else [items]))
        return node if not isinstance(node, (int, float)) else str(node)

    conditions, raw = {}, template.get("Conditions", {})

    def condition(name):
        if name not in conditions:
            conditions[name] = evaluate(raw[name])
        return conditions[name]

    def evaluate(node):
        (function, argument), = node.items()
        if function == "Fn::Equals":
            return scalar(argument[0]) == scalar(argument[1])
        if function == "Fn::Not":
            return not evaluate(argument[0])
        if function == "Fn::And":
            return all(evaluate(a) for a in argument)
        if function == "Fn::Or":
            return any(evaluate(a) for a in argument)
        if function == "Condition":
            return condition(argument)
        raise ValueError(f"render: condition function {function}")

    def resolve(node):
        if isinstance(node, dict):
            if list(node) == ["Fn::If"]:
                name, when_true, when_false = node["Fn::If"]
                return resolve(when_true if condition(name) else when_false)
            if node == {"Ref": "AWS::NoValue"}:
                return _NO_VALUE
            result = {}
            for key, value in node.items():
                value = resolve(value)
                if value is not _NO_VALUE:
                    result[key] = value
            return result
        if isinstance(node, list):
            return [item for item in (resolve(v) for v in node) if item is not _NO_VALUE]
        return node

    for section in ("Resources", "Outputs"):
        kept = {}
        for logical_id, body in template.get(section, {}).items():
            if "Condition" in body and not condition(body["Condition"]):
                continue
            body = {k: v for k, v in body.items() if k != "Condition"}
            kept[logical_id] = resolve(body)
        template[section] = kept
    template.pop("Conditions", None)
    template.pop("Rules", None)
    with open(out, "w", encoding="utf-8") as file:
        json.dump(template, file, indent=1, sort_keys=True)
    return {"conditions": {name: condition(name) for name in raw}, "resources": sorted(template["Resources"])}


def pbtxt_facts(path):
    from google.protobuf import json_format, text_format
    from tritonclient.grpc import model_config_pb2

    with open(path, encoding="utf-8") as file:
        config = text_format.Parse(file.read(), model_config_pb2.ModelConfig())
    return json_format.MessageToDict(config, preserving_proto_field_name=True)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("template", "manifests", "deployment", "render", "pbtxt"):
        sys.exit(__doc__)
    command, paths = sys.argv[1], sys.argv[2:]
    if command == "template":
        facts = template_facts(paths[0])
    elif command == "manifests":
        facts = manifest_facts(paths)
    elif command == "deployment":
        facts = deployment_facts(*paths)
    elif command == "render":
        facts = render(paths[0], paths[1], paths[2:])
    else:
        facts = pbtxt_facts(paths[0])
    json.dump(facts, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()

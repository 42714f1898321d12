#!/usr/bin/env python3
"""Transforms a SAM template to CloudFormation with the AWS SAM translator, as `sam deploy` does.

Usage: sam_transform.py TEMPLATE_JSON BASE_DIR [REGION]

TEMPLATE_JSON is the template as JSON with long-form intrinsics, written by the project's template model
(the one place that parses template.yaml). Local artifacts are replaced as `sam package` would replace
them after uploading: CodeUri/ContentUri/DefinitionUri paths of functions, layers and APIs become
placeholder S3 locations, and a state machine's local DefinitionUri is inlined as its Definition.

Prints the CloudFormation template as JSON on stdout. When SAM rejects the template, prints its messages
on stderr, one per line, and exits with 1; exits with 3 when the SAM translator is not installed.
"""
import json
import os
import sys

PLACEHOLDER_BUCKET = "placeholder-artifacts-bucket"
URI_PROPERTIES = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
    "AWS::Serverless::Api": "DefinitionUri",
    "AWS::Serverless::HttpApi": "DefinitionUri",
}
GLOBAL_URI_PROPERTIES = {"Function": "CodeUri", "Api": "DefinitionUri", "HttpApi": "DefinitionUri"}


class NoManagedPolicies:
    """SAM looks managed policy names up in its bundled list first; nothing is fetched from IAM here."""

    def load(self):
        return {}


def is_local(uri):
    return isinstance(uri, str) and not uri.startswith("s3://")


def to_s3(uri):
    return "s3://%s/%s" % (PLACEHOLDER_BUCKET, uri.lstrip("./"))


def replace_local_artifacts(template, base_dir):
    for section, prop in GLOBAL_URI_PROPERTIES.items():
        properties = template.get("Globals", {}).get(section, {})
        if is_local(properties.get(prop)):
            properties[prop] = to_s3(properties[prop])
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        prop = URI_PROPERTIES.get(resource.get("Type"))
        if prop and is_local(properties.get(prop)):
            properties[prop] = to_s3(properties[prop])
        if resource.get("Type") == "AWS::Serverless::StateMachine" and is_local(properties.get("DefinitionUri")):
            with open(os.path.join(base_dir, properties.pop("DefinitionUri")), encoding="utf-8") as definition:
                properties["Definition"] = json.load(definition)


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 64
    template_path, base_dir = argv[1], argv[2]
    # The translator asks boto3 for the region when it fills in pseudo parameters.
    os.environ["AWS_DEFAULT_REGION"] = argv[3] if len(argv) == 4 else "eu-west-1"
    try:
        from samtranslator.model.exceptions import ExceptionWithMessage, InvalidDocumentException
        from samtranslator.translator.transform import transform
    except ImportError as e:
        print("The AWS SAM translator is not installed for python3: pip install aws-sam-translator (%s)" % e,
              file=sys.stderr)
        return 3
    with open(template_path, encoding="utf-8") as f:
        template = json.load(f)
    replace_local_artifacts(template, base_dir)
    try:
        output = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(cause.message, file=sys.stderr)
        return 1
    except ExceptionWithMessage as e:
        print(e.message, file=sys.stderr)
        return 1
    json.dump(output, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

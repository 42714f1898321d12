#!/usr/bin/env python3
"""Local AWS for exchange-recovery: moto_server (moto 5.2.1) with its known defects patched.

    python3 moto_launcher.py --host 127.0.0.1 --port PORT [--lambda-endpoint http://127.0.0.1:LPORT]

Sets MOTO_PORT before moto is imported (moto's Step Functions tasks call AWS at localhost:$MOTO_PORT),
switches on real ASL execution, applies the patches below, prints "READY <port>" on stdout once the
socket accepts connections and serves until SIGTERM/SIGINT (exit code 0). Exit code 3: moto missing.

Each patch_* function monkeypatches moto in place and names the upstream issue or gap it covers, so
it can be deleted once moto is upgraded. MOTO_LAUNCHER_SKIP_PATCHES=patch_a,patch_b leaves patches out
(used to prove that each test in test_moto_launcher.py fails without its patch).
"""
import argparse
import copy
import datetime
import json
import logging
import os
import signal
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

LOG = logging.getLogger("moto_launcher")


def patch_sfn_repeat_execution():
    """getmoto/moto#10077 (fixed upstream by PR #10093, not in 5.2.1): StartExecution deep-copies
    the state machine together with its live executions (threads, RLocks), so the second execution
    of a state machine (and any nested execution) fails with 500 "cannot pickle '_thread.RLock'".
    As in the fix, the snapshot of the state machine is taken without its executions; it also
    shares (instead of copying) the backend the state machine points to, which holds every other
    state machine and its runs."""
    from moto.stepfunctions.models import StateMachineInstance

    def __deepcopy__(self, memo):
        memo[id(self.executions)] = []
        if getattr(self, "backend", None) is not None:
            memo[id(self.backend)] = self.backend
        clone = memo[id(self)] = self.__class__.__new__(self.__class__)
        clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return clone

    StateMachineInstance.__deepcopy__ = __deepcopy__


def patch_sfn_task_parameter_casing():
    """getmoto/moto#10076 (PRs #10094/#10101 open): task Parameters (ASL PascalCase) reach boto3
    unconverted and results are not converted back, because moto reduced
    StateTaskService._normalise_parameters/_normalise_response to `pass` when porting LocalStack.
    So states:startExecution(.sync, .sync:2), ecs and aws-sdk calls on lowerCamel APIs fail
    (KeyError 'StateMachineArn'). Restored as upstream: convert through the botocore operation shapes.
    Results now come back PascalCase as on AWS, also for aws-sdk tasks (e.g. rds: DbInstances)."""
    import botocore.session
    from botocore import xform_name
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service import (
        StateTaskService,
    )

    session, lock, cache = botocore.session.get_session(), threading.Lock(), {}

    def operation_model(task, boto_service_name, service_action_name):
        key = (task._get_boto_service_name(boto_service_name),
               task._get_boto_service_action(service_action_name))
        with lock:
            if key not in cache:
                try:
                    service = session.get_service_model(key[0])
                    names = {xform_name(op): op for op in service.operation_names}
                    cache[key] = service.operation_model(names[key[1]])
                except Exception:  # unknown service or action: leave the data as it is
                    cache[key] = None
            return cache[key]

    def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
        model = operation_model(self, boto_service_name, service_action_name)
        if model is not None and model.input_shape is not None:
            self._to_boto_request(parameters, model.input_shape)

    def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
        model = operation_model(self, boto_service_name, service_action_name)
        if model is not None and model.output_shape is not None:
            self._from_boto_response(response, model.output_shape)

    StateTaskService._normalise_parameters = _normalise_parameters
    StateTaskService._normalise_response = _normalise_response


def patch_sfn_task_result_timestamps():
    """Gap in moto 5.2.1: a task result holding timestamps (aws-sdk, startExecution) keeps Python
    datetimes in the state data, so DescribeExecution of the finished run fails (500: datetime is
    not JSON serializable). Task results are made JSON-safe; timestamps become ISO-8601 strings."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service import (
        StateTaskService,
    )
    from moto.stepfunctions.parser.asl.utils.encoding import to_json_str

    original = StateTaskService._after_eval_execution

    def _after_eval_execution(self, env, *args, **kwargs):
        env.stack[-1] = json.loads(to_json_str(env.stack[-1]))
        return original(self, env, *args, **kwargs)

    StateTaskService._after_eval_execution = _after_eval_execution


def patch_sfn_execution_default_name():
    """Gap in moto 5.2.1: with execute_state_machine on, StartExecution without a name names the
    execution "None" (ARN ...:None), so a second unnamed start fails with ExecutionAlreadyExists.
    AWS generates a UUID; so do we."""
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    original = StepFunctionsParserBackend.start_execution

    def start_execution(self, state_machine_arn, name=None, *args, **kwargs):
        return original(self, state_machine_arn, name or str(uuid.uuid4()), *args, **kwargs)

    StepFunctionsParserBackend.start_execution = start_execution


def patch_sfn_send_task_failure_cause():
    """Gap in moto 5.2.1: the SendTaskFailure handler drops the `cause` parameter (the backend
    accepts it), so Catch blocks and DescribeExecution see no Cause."""
    from moto.core.responses import EmptyResult
    from moto.stepfunctions.responses import StepFunctionResponse

    def send_task_failure(self):
        self.stepfunction_backend.send_task_failure(
            self._get_param("taskToken"), error=self._get_param("error"), cause=self._get_param("cause")
        )
        return EmptyResult()

    StepFunctionResponse.send_task_failure = send_task_failure


def patch_sfn_stop_execution():
    """Gap in moto 5.2.1: StopExecution only flags the program as stopped; a run parked in a
    .waitForTaskToken task never looks at that flag and stays RUNNING (and StopExecution returns no
    stopDate). The execution is marked ABORTED at once, and its worker can no longer overwrite that
    status when (if ever) the parked task returns."""
    from moto.stepfunctions.parser.api import ExecutionStatus
    from moto.stepfunctions.parser.backend.execution import (
        BaseExecutionWorkerCommunication,
        Execution,
    )

    original_stop = Execution.stop
    original_reflect = BaseExecutionWorkerCommunication._reflect_execution_status

    def stop(self, stop_date, error, cause):
        original_stop(self, stop_date, error, cause)
        if self.exec_status == ExecutionStatus.RUNNING:
            self.exec_status, self.stop_date = ExecutionStatus.ABORTED, stop_date

    def _reflect_execution_status(self):
        if self.execution.exec_status != ExecutionStatus.ABORTED:
            original_reflect(self)

    Execution.stop = stop
    BaseExecutionWorkerCommunication._reflect_execution_status = _reflect_execution_status


def patch_sfn_jsonpath_definite_index():
    """Gap in moto 5.2.1 (a side effect of its fix for getmoto/moto#7825): a definite JSONPath that
    goes through an array index, e.g. $.DbInstances[0].DbInstanceStatus, yields a one-element list
    instead of the value, so Choice rules and Parameters see ["available"]. As on AWS, only paths
    with a filter, wildcard, slice, union or deep scan yield lists."""
    import re

    from jsonpath_ng.ext import parse
    from moto.stepfunctions.parser.asl.utils import json_path

    original, indefinite = json_path.extract_json, re.compile(r"\.\.|\*|\?\(|\[[^\]]*[:,]")

    def extract_json(path, data):
        if not indefinite.search(path):
            matches = parse(path).find(data)
            if len(matches) == 1:
                return matches[0].value
        return original(path, data)

    for name, module in list(sys.modules.items()):  # it is imported by name in many modules
        if name.startswith("moto.stepfunctions") and getattr(module, "extract_json", None) is original:
            module.extract_json = extract_json


def patch_events_sfn_targets():
    """Gap in moto 5.2.1: an EventBridge rule whose target is a Step Functions state machine makes
    PutEvents fail (500 NotImplementedError). Such targets now start an execution with the event
    envelope (version, id, detail-type, source, account, time, region, resources, detail) as input,
    or with the target's Input / InputPath / InputTransformer. Other targets are left to moto."""
    from moto.events.models import EventTemplateParser, Rule
    from moto.stepfunctions.parser.asl.utils.json_path import extract_json
    from moto.stepfunctions.responses import get_backend
    from moto.utilities.arns import parse_arn

    original = Rule.send_to_targets

    def start_state_machine(target, event, transform_input):
        if isinstance(event.get("time"), (int, float)):
            event["time"] = datetime.datetime.fromtimestamp(
                event["time"], datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ingestion_time = event.pop("ingestion-time", None)
        transformer = target.get("InputTransformer")
        if "Input" in target:
            execution_input = target["Input"]
        elif "InputPath" in target:
            execution_input = json.dumps(extract_json(target["InputPath"], event))
        elif transformer and transform_input:
            execution_input = json.dumps(EventTemplateParser.parse(
                input_template=transformer.get("InputTemplate"),
                input_paths_map=transformer.get("InputPathsMap", {}),
                event=dict(event, **{"ingestion-time": ingestion_time}),
            ))
        else:
            execution_input = json.dumps(event)
        arn = parse_arn(target["Arn"])
        get_backend(arn.account, arn.region).start_execution(
            target["Arn"], str(uuid.uuid4()), execution_input)

    def send_to_targets(self, original_event, transform_input=True):
        sfn_targets = [t for t in self.targets if parse_arn(t["Arn"]).service == "states"]
        if not sfn_targets:
            return original(self, original_event, transform_input)
        others = copy.copy(self)
        others.targets = [t for t in self.targets if t not in sfn_targets]
        original(others, original_event, transform_input)
        if not self.event_pattern.matches_event(original_event):
            return
        for target in sfn_targets:
            try:  # like AWS, a failed delivery does not fail PutEvents
                start_state_machine(target, copy.deepcopy(original_event), transform_input)
            except Exception:
                LOG.exception("could not start %s for rule %s", target["Arn"], self.name)

    Rule.send_to_targets = send_to_targets


def patch_cloudwatch_alarm_state_change_events():
    """Gap in moto 5.2.1: alarm state changes (SetAlarmState) emit no "CloudWatch Alarm State
    Change" event. A change of state now puts that event, shaped as AWS does, on the default bus
    of the alarm's account and region (no event when the state value is unchanged, as on AWS)."""
    from moto.cloudwatch.models import Alarm
    from moto.events.models import events_backends

    original = Alarm.update_state

    def timestamp(moment):
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"

    def snapshot(alarm):
        state = {"value": alarm.state_value, "reason": alarm.state_reason,
                 "timestamp": timestamp(alarm.state_updated_timestamp)}
        if alarm.state_reason_data not in (None, "", "{}"):
            state["reasonData"] = alarm.state_reason_data
        return state

    def update_state(self, reason, reason_data, state_value):
        previous = snapshot(self)
        original(self, reason, reason_data, state_value)
        if previous["value"] == self.state_value:
            return
        configuration = {"metrics": []}
        if self.description is not None:
            configuration["description"] = self.description
        detail = {"alarmName": self.name, "state": snapshot(self), "previousState": previous,
                  "configuration": configuration}
        account = self.alarm_arn.split(":")[4]
        try:  # like AWS, a failed delivery does not fail the state change
            events_backends[account][self.region_name].put_events([{
                "Source": "aws.cloudwatch", "DetailType": "CloudWatch Alarm State Change",
                "Detail": json.dumps(detail), "Resources": [self.alarm_arn],
            }])
        except Exception:
            LOG.exception("could not deliver the state change of alarm %s", self.name)

    Alarm.update_state = update_state


def patch_events_lambda_targets(lambda_endpoint):
    """Gap: moto delivers EventBridge events to Lambda targets through its own Lambda backend, which
    needs Docker. With a Lambda endpoint given, such targets are invoked there asynchronously
    (InvocationType Event, as EventBridge does) with the event envelope, or the target's Input /
    InputPath, as payload. Other targets are left to moto."""
    from moto.events.models import Rule
    from moto.stepfunctions.parser.asl.utils.json_path import extract_json
    from moto.utilities.arns import parse_arn

    if not lambda_endpoint:
        return
    original = Rule.send_to_targets

    def invoke(target, event):
        if isinstance(event.get("time"), (int, float)):
            event["time"] = datetime.datetime.fromtimestamp(
                event["time"], datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        event.pop("ingestion-time", None)
        if "Input" in target:
            payload = target["Input"]
        elif "InputPath" in target:
            payload = json.dumps(extract_json(target["InputPath"], event))
        else:
            payload = json.dumps(event)
        name = urllib.parse.quote(target["Arn"], safe="")
        request = urllib.request.Request(
            f"{lambda_endpoint.rstrip('/')}/2015-03-31/functions/{name}/invocations", data=payload.encode(),
            method="POST", headers={"Content-Type": "application/json", "X-Amz-Invocation-Type": "Event"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def send_to_targets(self, original_event, transform_input=True):
        lambda_targets = [t for t in self.targets if parse_arn(t["Arn"]).service == "lambda"]
        if not lambda_targets:
            return original(self, original_event, transform_input)
        others = copy.copy(self)
        others.targets = [t for t in self.targets if t not in lambda_targets]
        original(others, original_event, transform_input)
        if not self.event_pattern.matches_event(original_event):
            return
        for target in lambda_targets:
            try:  # like AWS, a failed delivery does not fail PutEvents
                invoke(target, copy.deepcopy(original_event))
            except Exception:
                LOG.exception("could not invoke %s for rule %s", target["Arn"], self.name)

    Rule.send_to_targets = send_to_targets


def patch_lambda_invoke_forwarding(lambda_endpoint):
    """Gap: moto's Lambda Invoke needs Docker. Invoke (POST /2015-03-31/functions/{name}/invocations,
    from SDK clients and from moto's own Step Functions lambda tasks) is forwarded to
    {lambda_endpoint} with the same path, query, payload and invocation headers; status, body and
    X-Amz-Function-Error come back unchanged. Functions need not exist in moto."""
    from moto.awslambda.responses import LambdaResponse

    if not lambda_endpoint:
        return
    request_headers = ("Content-Type", "X-Amz-Invocation-Type", "X-Amz-Log-Type", "X-Amz-Client-Context")
    response_headers = ("Content-Type", "X-Amz-Function-Error", "X-Amz-Executed-Version", "X-Amz-Log-Result")

    def invoke(self):
        name = self.raw_path.rstrip("/").rsplit("/", 2)[-2]  # as sent: plain name or (encoded) ARN
        query = self.parsed_url.query
        url = f"{lambda_endpoint.rstrip('/')}/2015-03-31/functions/{name}/invocations"
        body = self.raw_body if isinstance(self.raw_body, bytes) else (self.raw_body or "").encode()
        request = urllib.request.Request(
            url + (f"?{query}" if query else ""), data=body, method="POST",
            headers={h: self.headers[h] for h in request_headers if self.headers.get(h)})
        try:
            with urllib.request.urlopen(request, timeout=900) as response:
                status, headers, payload = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, payload = error.code, error.headers, error.read()
        except OSError as error:  # endpoint down: answer like a Lambda service error
            return 502, {"status": "502", "X-Amzn-ErrorType": "ServiceException"}, json.dumps(
                {"Type": "Service", "message": f"{lambda_endpoint}: {error}"})
        passed_back = {h: headers[h] for h in response_headers if headers.get(h)}
        return status, {"status": str(status), **passed_back}, payload  # moto reads "status"

    LambdaResponse.invoke = invoke


def patch_dynamodb_isolated_transactions():
    """Gap in moto 5.2.1 (DynamoDBBackend.transact_write_items): a transaction snapshots the whole
    tables it touches, checks and writes item by item, and when cancelled puts the snapshots back. Under
    the threaded server nothing isolates it: two transactions on the same items can both pass their
    conditions, and a cancelled one erases what other requests wrote in between (AWS isolates
    transactions and cancels conflicting ones). The patch runs DynamoDB item reads and writes one at a
    time, which is what AWS's serialisable transactions look like to a caller."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()

    def serialised(original):
        def call(self, *args, **kwargs):
            with lock:
                return original(self, *args, **kwargs)
        return call

    for name in ("transact_write_items", "transact_get_items", "put_item", "update_item", "delete_item",
                 "get_item", "batch_write_item", "query", "scan"):
        setattr(DynamoDBBackend, name, serialised(getattr(DynamoDBBackend, name)))


PATCHES = (
    patch_sfn_repeat_execution,
    patch_sfn_task_parameter_casing,
    patch_sfn_task_result_timestamps,
    patch_sfn_execution_default_name,
    patch_sfn_send_task_failure_cause,
    patch_sfn_stop_execution,
    patch_sfn_jsonpath_definite_index,
    patch_events_sfn_targets,
    patch_cloudwatch_alarm_state_change_events,
    patch_dynamodb_isolated_transactions,
)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lambda-endpoint", help="base URL of a Lambda Invoke API (e.g. sam local start-lambda)")
    args = parser.parse_args(argv)

    os.environ["MOTO_PORT"] = str(args.port)  # read by moto's Step Functions task integrations
    try:
        from moto.core.config import default_user_config
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as error:
        print(f"moto_launcher: moto[server] is not importable by {sys.executable}: {error}", file=sys.stderr)
        return 3

    skip = set(filter(None, os.environ.get("MOTO_LAUNCHER_SKIP_PATCHES", "").split(",")))
    for patch in PATCHES:
        if patch.__name__ not in skip:
            patch()
    if patch_lambda_invoke_forwarding.__name__ not in skip:
        patch_lambda_invoke_forwarding(args.lambda_endpoint)
    if patch_events_lambda_targets.__name__ not in skip:
        patch_events_lambda_targets(args.lambda_endpoint)
    # same as POST /moto-api/config {"stepfunctions": {"execute_state_machine": true}}
    default_user_config["stepfunctions"]["execute_state_machine"] = True

    server = make_server(args.host, args.port, DomainDispatcherApplication(create_backend_app), threaded=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        print(f"READY {server.server_port}", flush=True)  # the socket listens: connections queue
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

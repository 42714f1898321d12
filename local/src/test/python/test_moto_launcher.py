"""Tests of moto_launcher.py: each patch is proven by a test that fails without it.

Run: python3 -m pytest -q local/src/test/python
To prove a test needs its patch: MOTO_LAUNCHER_SKIP_PATCHES=<patch function name> python3 -m pytest ...
"""
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

LAUNCHER = (Path(__file__).resolve().parents[2]
            / "main/resources/exchange/recovery/local/emulator/moto_launcher.py")
REGION, ACCOUNT = "us-east-1", "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sfn"
TERMINAL = {"SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_launcher(*extra, python=sys.executable):
    port = free_port()
    proc = subprocess.Popen(
        [python, str(LAUNCHER), "--host", "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killer = threading.Timer(30, proc.kill)  # never hang the suite on a launcher that never gets ready
    killer.start()
    try:
        line = proc.stdout.readline()
    finally:
        killer.cancel()
    return proc, port, line


def stop_launcher(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()


def wait_for(probe, timeout=10.0, interval=0.1):
    """Polls probe() until it returns something truthy; returns it, or fails at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout}s (last value {value!r})")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# fake Lambda endpoint (what the Java side will serve): behaviour chosen by function name
#   echo*  -> {"function": <name as received>, "input": <payload>}
#   fail*  -> function error of type payload["errorType"]
#   flaky* -> TransientError on the first call for payload["key"], then like echo
# ---------------------------------------------------------------------------------------------
class FakeLambda(BaseHTTPRequestHandler):
    calls = []
    seen_keys = set()
    lock = threading.Lock()

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path)
        parts = path.path.split("/")  # ['', '2015-03-31', 'functions', name, 'invocations']
        name = urllib.parse.unquote(parts[3])
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        payload = json.loads(body or b"{}")
        options = payload if isinstance(payload, dict) else {}
        with self.lock:
            self.calls.append({"name": name, "path": path.path, "query": path.query,
                               "headers": dict(self.headers), "body": body})
            first_call = options.get("key") not in self.seen_keys
            self.seen_keys.add(options.get("key"))
        short = name.rsplit(":", 1)[-1]
        if short.startswith("fail") or (short.startswith("flaky") and first_call):
            error_type = options.get("errorType", "TransientError")
            self.reply(200, {"errorType": error_type, "errorMessage": f"{short} failed"},
                       {"X-Amz-Function-Error": "Unhandled"})
        elif self.headers.get("X-Amz-Invocation-Type") == "Event":
            self.reply(202, None)
        else:
            self.reply(200, {"function": name, "input": payload})

    def reply(self, status, body, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def fake_lambda():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLambda)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def endpoint(fake_lambda):
    proc, port, line = start_launcher("--lambda-endpoint", fake_lambda)
    assert line == f"READY {port}\n", proc.stderr.read() if proc.poll() is not None else line
    yield f"http://127.0.0.1:{port}"
    assert stop_launcher(proc) == 0, "SIGTERM must end the launcher with exit code 0"
    assert proc.stdout.read() == ""  # exactly one line on stdout


@pytest.fixture(scope="session")
def aws(endpoint):
    config = Config(retries={"total_max_attempts": 1}, read_timeout=30)

    def client(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=REGION, config=config,
                            aws_access_key_id="test", aws_secret_access_key="test")
    return client


@pytest.fixture
def sfn(aws):
    return aws("stepfunctions")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def state_machine(sfn, definition, prefix="sm"):
    return sfn.create_state_machine(name=unique(prefix), definition=json.dumps(definition),
                                    roleArn=ROLE)["stateMachineArn"]


def finished(sfn, execution_arn, timeout=10.0):
    return wait_for(lambda: (lambda d: d if d["status"] in TERMINAL else None)(
        sfn.describe_execution(executionArn=execution_arn)), timeout)


def run(sfn, sm_arn, payload=None, timeout=10.0):
    execution_arn = sfn.start_execution(stateMachineArn=sm_arn,
                                        input=json.dumps(payload or {}))["executionArn"]
    return finished(sfn, execution_arn, timeout)


def lambda_arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def receive_one(sqs, queue_url, timeout=10.0):
    def probe():
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1).get("Messages")
        return messages[0] if messages else None
    return wait_for(probe, timeout)


PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def wait_for_token_machine(sfn, sqs, extra=None):
    queue_url = sqs.create_queue(QueueName=unique("tokens"))["QueueUrl"]
    task = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": queue_url, "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": True, **(extra or {})}
    return state_machine(sfn, {"StartAt": "Wait", "States": {"Wait": task}}, "wait"), queue_url


# ---------------------------------------------------------------------------------------------
# launcher contract
# ---------------------------------------------------------------------------------------------
def test_ready_line_and_clean_exit_on_sigint():
    # SIGTERM is checked the same way when the session's launcher is stopped (fixture `endpoint`)
    proc, port, line = start_launcher()
    assert line == f"READY {port}\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    assert proc.stdout.read() == ""  # exactly one line on stdout


def test_exit_code_3_when_moto_is_not_importable():
    # -S leaves site-packages (and so moto) off sys.path
    proc = subprocess.run([sys.executable, "-S", str(LAUNCHER), "--port", str(free_port())],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert "moto" in proc.stderr


def test_state_machines_really_execute(sfn):
    result = run(sfn, state_machine(sfn, PASS), {"x": 1})
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"x": 1}


# ---------------------------------------------------------------------------------------------
# patch_sfn_repeat_execution (getmoto/moto#10077)
# ---------------------------------------------------------------------------------------------
def test_same_state_machine_can_run_twice(sfn):
    sm = state_machine(sfn, PASS)
    assert run(sfn, sm, {"run": 1})["status"] == "SUCCEEDED"
    second = run(sfn, sm, {"run": 2})
    assert second["status"] == "SUCCEEDED" and json.loads(second["output"]) == {"run": 2}


# ---------------------------------------------------------------------------------------------
# patch_sfn_task_parameter_casing (getmoto/moto#10076)
# ---------------------------------------------------------------------------------------------
CHILD_OK = {"StartAt": "C", "States": {"C": {"Type": "Pass", "Parameters": {
    "echo.$": "$.value", "from": "child"}, "End": True}}}
CHILD_FAILS = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "ChildFailed",
                                                "Cause": "child cause"}}}


def parent_of(child_arn, resource, extra=None):
    task = {"Type": "Task", "Resource": resource,
            "Parameters": {"StateMachineArn": child_arn, "Input": {"value.$": "$.value"}},
            "End": True, **(extra or {})}
    return {"StartAt": "Child", "States": {"Child": task}}


def test_nested_start_execution_sync2_returns_child_output(sfn):
    child = state_machine(sfn, CHILD_OK, "child")
    parent = state_machine(sfn, parent_of(child, "arn:aws:states:::states:startExecution.sync:2",
                                          {"ResultSelector": {"out.$": "$.Output",
                                                              "status.$": "$.Status"}}), "parent")
    for value in (42, 43):  # twice: nested runs are repeat executions of the child
        result = run(sfn, parent, {"value": value})
        assert result["status"] == "SUCCEEDED", result
        assert json.loads(result["output"]) == {"out": {"echo": value, "from": "child"},
                                                "status": "SUCCEEDED"}


def test_nested_start_execution_sync_and_fire_and_forget(sfn):
    child = state_machine(sfn, CHILD_OK, "child")
    sync = state_machine(sfn, parent_of(child, "arn:aws:states:::states:startExecution.sync"))
    result = run(sfn, sync, {"value": 7})
    assert result["status"] == "SUCCEEDED", result
    output = json.loads(result["output"])
    assert json.loads(output["Output"]) == {"echo": 7, "from": "child"}  # .sync: Output is a string

    started = state_machine(sfn, parent_of(child, "arn:aws:states:::states:startExecution"))
    result = run(sfn, started, {"value": 8})
    assert result["status"] == "SUCCEEDED", result
    child_execution = json.loads(result["output"])["ExecutionArn"]
    assert json.loads(finished(sfn, child_execution)["output"]) == {"echo": 8, "from": "child"}


def test_failing_child_surfaces_as_task_error_that_catch_handles(sfn):
    child = state_machine(sfn, CHILD_FAILS, "child")
    definition = parent_of(child, "arn:aws:states:::states:startExecution.sync:2", {
        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Handled"}]})
    definition["States"]["Handled"] = {"Type": "Pass", "End": True}
    result = run(sfn, state_machine(sfn, definition, "parent"), {"value": 1})
    assert result["status"] == "SUCCEEDED", result
    error = json.loads(result["output"])["error"]
    assert error["Error"] == "States.TaskFailed"
    cause = json.loads(error["Cause"])
    assert cause["Status"] == "FAILED" and cause["Error"] == "ChildFailed"


def test_aws_sdk_task_on_lower_camel_api(sfn, aws):
    cluster = unique("exchange")
    aws("ecs").create_cluster(clusterName=cluster)
    sm = state_machine(sfn, {"StartAt": "Describe", "States": {"Describe": {
        "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ecs:describeClusters",
        "Parameters": {"Clusters": [cluster]}, "End": True}}})
    result = run(sfn, sm)
    assert result["status"] == "SUCCEEDED", result
    [described] = json.loads(result["output"])["Clusters"]  # results come back PascalCase, as on AWS
    assert described["ClusterName"] == cluster and described["Status"] == "ACTIVE"


# ---------------------------------------------------------------------------------------------
# patch_sfn_task_result_timestamps, patch_sfn_execution_default_name
# ---------------------------------------------------------------------------------------------
def test_task_result_with_timestamps_is_serialisable(sfn, aws):
    name = unique("/recovery/param")
    aws("ssm").put_parameter(Name=name, Value="v1", Type="String")
    sm = state_machine(sfn, {"StartAt": "Get", "States": {"Get": {
        "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ssm:getParameter",
        "Parameters": {"Name": name}, "End": True}}})
    result = run(sfn, sm)
    assert result["status"] == "SUCCEEDED", result
    parameter = json.loads(result["output"])["Parameter"]
    assert parameter["Value"] == "v1"
    assert datetime.datetime.fromisoformat(parameter["LastModifiedDate"])  # ISO-8601 string


def test_unnamed_executions_get_unique_uuid_names(sfn):
    sm = state_machine(sfn, PASS)
    first = run(sfn, sm)
    second = run(sfn, sm)
    assert first["executionArn"] != second["executionArn"]
    for execution in (first, second):
        assert str(uuid.UUID(execution["name"])) == execution["name"]
        assert execution["executionArn"].endswith(":" + execution["name"])


# ---------------------------------------------------------------------------------------------
# patch_sfn_send_task_failure_cause, patch_sfn_stop_execution, waitForTaskToken regression
# ---------------------------------------------------------------------------------------------
def test_wait_for_task_token_with_send_task_success(sfn, aws):
    sqs = aws("sqs")
    sm, queue_url = wait_for_token_machine(sfn, sqs)
    execution = sfn.start_execution(stateMachineArn=sm, input="{}")["executionArn"]
    token = json.loads(receive_one(sqs, queue_url)["Body"])["token"]
    sfn.send_task_success(taskToken=token, output=json.dumps({"approved": True}))
    result = finished(sfn, execution)
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"approved": True}


def test_send_task_failure_keeps_cause(sfn, aws):
    sqs = aws("sqs")
    sm, queue_url = wait_for_token_machine(sfn, sqs)
    execution = sfn.start_execution(stateMachineArn=sm, input="{}")["executionArn"]
    token = json.loads(receive_one(sqs, queue_url)["Body"])["token"]
    sfn.send_task_failure(taskToken=token, error="Operator.Rejected", cause="rejected by on-call")
    result = finished(sfn, execution)
    assert result["status"] == "FAILED"
    assert result.get("error") == "Operator.Rejected"
    assert result.get("cause") == "rejected by on-call"


def test_stop_execution_aborts_run_waiting_for_task_token(sfn, aws):
    sqs = aws("sqs")
    sm, queue_url = wait_for_token_machine(sfn, sqs)
    execution = sfn.start_execution(stateMachineArn=sm, input="{}")["executionArn"]
    receive_one(sqs, queue_url)  # the run is now parked in the task
    assert "stopDate" in sfn.stop_execution(executionArn=execution)
    result = finished(sfn, execution, timeout=3)
    assert result["status"] == "ABORTED" and "stopDate" in result


@pytest.mark.parametrize("limit", [{"TimeoutSeconds": 1}, {"HeartbeatSeconds": 1, "TimeoutSeconds": 30}])
def test_task_timeout_and_heartbeat_produce_states_timeout(sfn, aws, limit):
    sm, _ = wait_for_token_machine(sfn, aws("sqs"), limit)
    result = run(sfn, sm, timeout=10)
    assert result["status"] == "FAILED" and result["error"] == "States.Timeout", result


# ---------------------------------------------------------------------------------------------
# patch_sfn_jsonpath_definite_index
# ---------------------------------------------------------------------------------------------
def test_definite_path_through_array_index_yields_the_value(sfn):
    sm = state_machine(sfn, {"StartAt": "Pick", "States": {
        "Pick": {"Type": "Pass", "Next": "Available?", "Parameters": {
            "status.$": "$.DbInstances[0].DbInstanceStatus",
            "all.$": "$.DbInstances[*].DbInstanceStatus",
            "ready.$": "$.DbInstances[?(@.DbInstanceStatus == 'available')].Id"}},
        "Available?": {"Type": "Choice", "Default": "No", "Choices": [
            {"Variable": "$.status", "StringEquals": "available", "Next": "Yes"}]},
        "Yes": {"Type": "Pass", "End": True},
        "No": {"Type": "Fail", "Error": "WrongBranch"}}})
    result = run(sfn, sm, {"DbInstances": [{"Id": "db1", "DbInstanceStatus": "available"}]})
    assert result["status"] == "SUCCEEDED", result
    assert json.loads(result["output"]) == {"status": "available", "all": ["available"],
                                            "ready": ["db1"]}


# ---------------------------------------------------------------------------------------------
# patch_events_sfn_targets
# ---------------------------------------------------------------------------------------------
def executions_of(sfn, sm):
    def probe():
        listed = sfn.list_executions(stateMachineArn=sm)["executions"]
        if listed and all(e["status"] in TERMINAL for e in listed):
            return listed
        return None
    return probe


def test_put_events_starts_state_machine_and_still_feeds_sqs(sfn, aws):
    events, sqs = aws("events"), aws("sqs")
    source = unique("exchange.recovery.test")
    queue_url = sqs.create_queue(QueueName=unique("events"))["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sm_full, sm_path, sm_input, sm_transformed = (state_machine(sfn, PASS, "on-event") for _ in range(4))
    rule = unique("rule")
    events.put_rule(Name=rule, EventPattern=json.dumps({"source": [source]}))
    events.put_targets(Rule=rule, Targets=[
        {"Id": "full", "Arn": sm_full, "RoleArn": ROLE},
        {"Id": "path", "Arn": sm_path, "RoleArn": ROLE, "InputPath": "$.detail"},
        {"Id": "input", "Arn": sm_input, "RoleArn": ROLE, "Input": '{"fixed": true}'},
        {"Id": "transformed", "Arn": sm_transformed, "RoleArn": ROLE, "InputTransformer": {
            "InputPathsMap": {"incident": "$.detail.incident"},
            "InputTemplate": '{"incident": "<incident>", "kind": "opened"}'}},
        {"Id": "queue", "Arn": queue_arn},
    ])
    detail = {"incident": "INC-1", "severity": "high"}
    response = events.put_events(Entries=[{"Source": source, "DetailType": "Incident Opened",
                                           "Detail": json.dumps(detail), "Resources": ["r1"]}])
    assert response["FailedEntryCount"] == 0

    [execution] = wait_for(executions_of(sfn, sm_full))
    envelope = json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"])
    assert set(envelope) == {"version", "id", "detail-type", "source", "account", "time",
                             "region", "resources", "detail"}
    assert envelope["id"] == response["Entries"][0]["EventId"]
    assert (envelope["source"], envelope["detail-type"], envelope["detail"]) == (
        source, "Incident Opened", detail)
    assert (envelope["account"], envelope["region"], envelope["resources"]) == (ACCOUNT, REGION, ["r1"])
    assert datetime.datetime.strptime(envelope["time"], "%Y-%m-%dT%H:%M:%SZ")

    [execution] = wait_for(executions_of(sfn, sm_path))
    assert json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"]) == detail
    [execution] = wait_for(executions_of(sfn, sm_input))
    assert json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"]) == {"fixed": True}
    [execution] = wait_for(executions_of(sfn, sm_transformed))
    assert json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"]) == {
        "incident": "INC-1", "kind": "opened"}

    assert json.loads(receive_one(sqs, queue_url)["Body"])["detail"] == detail


# ---------------------------------------------------------------------------------------------
# patch_dynamodb_isolated_transactions
# ---------------------------------------------------------------------------------------------
def test_concurrent_transactions_on_one_item_let_exactly_one_win(aws):
    # GIVEN a table and, many times over, writers racing for one free item, each in a transaction that
    # also writes an item of its own (so that a cancelled transaction has something to roll back).
    # Without the patch this fails most runs (two winners, a lost lock, or a 500), not every run.
    dynamodb = aws("dynamodb")
    for round_ in range(10):
        table = unique("locks")
        dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
        for batch in range(10):  # a table of some size: moto's snapshot of it takes a while
            dynamodb.batch_write_item(RequestItems={table: [
                {"PutRequest": {"Item": {"k": {"S": f"filler-{batch}-{i}"}, "v": {"S": "x" * 200}}}}
                for i in range(25)]})
        winners, errors, go = [], [], threading.Event()

        def take(writer):
            go.wait()
            try:
                dynamodb.transact_write_items(TransactItems=[
                    {"Put": {"TableName": table, "Item": {"k": {"S": "lock"}, "holder": {"S": writer}},
                             "ConditionExpression": "attribute_not_exists(holder)"}},
                    {"Put": {"TableName": table, "Item": {"k": {"S": "mine-" + writer}}}}])
                winners.append(writer)
            except dynamodb.exceptions.TransactionCanceledException:
                pass
            except Exception as error:  # noqa: BLE001 - any other answer is the defect (moto answers 500)
                errors.append(error)

        threads = [threading.Thread(target=take, args=(f"w{i}",)) for i in range(12)]
        for thread in threads:
            thread.start()
        go.set()
        for thread in threads:
            thread.join()

        # THEN one writer won, and its item and lock survived every cancelled transaction's rollback
        assert not errors, f"round {round_}: {errors[0]}"
        assert len(winners) == 1, f"round {round_}: {winners} all won"
        holder = dynamodb.get_item(TableName=table, Key={"k": {"S": "lock"}}, ConsistentRead=True)
        assert holder.get("Item", {}).get("holder", {}).get("S") == winners[0], f"round {round_}: lock lost"


# ---------------------------------------------------------------------------------------------
# patch_cloudwatch_alarm_state_change_events
# ---------------------------------------------------------------------------------------------
def test_set_alarm_state_emits_alarm_state_change_event(sfn, aws):
    cloudwatch, events, sqs = aws("cloudwatch"), aws("events"), aws("sqs")
    alarm = unique("exchange-withdrawals-stuck")
    cloudwatch.put_metric_alarm(
        AlarmName=alarm, AlarmDescription="withdrawals stuck", Namespace="Exchange",
        MetricName="StuckWithdrawals", Statistic="Maximum", Period=60, EvaluationPeriods=1,
        Threshold=0, ComparisonOperator="GreaterThanThreshold")
    alarm_arn = cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]["AlarmArn"]
    queue_url = sqs.create_queue(QueueName=unique("alarms"))["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sm = state_machine(sfn, PASS, "on-alarm")
    rule = unique("alarm-rule")
    events.put_rule(Name=rule, EventPattern=json.dumps({
        "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
        "detail": {"alarmName": [alarm], "state": {"value": ["ALARM"]}}}))
    events.put_targets(Rule=rule, Targets=[{"Id": "sm", "Arn": sm, "RoleArn": ROLE},
                                           {"Id": "queue", "Arn": queue_arn}])

    cloudwatch.set_alarm_state(AlarmName=alarm, StateValue="ALARM", StateReason="threshold crossed",
                               StateReasonData=json.dumps({"version": "1.0"}))
    event = json.loads(receive_one(sqs, queue_url)["Body"])
    assert (event["source"], event["detail-type"], event["resources"]) == (
        "aws.cloudwatch", "CloudWatch Alarm State Change", [alarm_arn])
    detail = event["detail"]
    assert detail["alarmName"] == alarm
    assert detail["state"]["value"] == "ALARM" and detail["state"]["reason"] == "threshold crossed"
    assert json.loads(detail["state"]["reasonData"]) == {"version": "1.0"}
    assert detail["previousState"]["value"] == "OK" and "reason" in detail["previousState"]
    for state in (detail["state"], detail["previousState"]):
        assert datetime.datetime.strptime(state["timestamp"], "%Y-%m-%dT%H:%M:%S.%f%z")
    assert detail["configuration"] == {"description": "withdrawals stuck", "metrics": []}

    [execution] = wait_for(executions_of(sfn, sm))
    started_with = json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"])
    assert started_with["detail"] == detail

    # back to OK does not match the rule (state.value ALARM): nothing more is delivered
    cloudwatch.set_alarm_state(AlarmName=alarm, StateValue="OK", StateReason="recovered")
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=0)
    assert len(sfn.list_executions(stateMachineArn=sm)["executions"]) == 1


# ---------------------------------------------------------------------------------------------
# patch_lambda_invoke_forwarding
# ---------------------------------------------------------------------------------------------
def test_sdk_lambda_invoke_is_forwarded(aws):
    client = aws("lambda")
    FakeLambda.calls.clear()
    for name in ("echo-sdk", lambda_arn("echo-sdk")):
        response = client.invoke(FunctionName=name, Payload=json.dumps({"a": 1}).encode())
        assert response["StatusCode"] == 200 and "FunctionError" not in response
        assert json.loads(response["Payload"].read()) == {"function": name, "input": {"a": 1}}
    assert [call["name"] for call in FakeLambda.calls] == ["echo-sdk", lambda_arn("echo-sdk")]
    assert json.loads(FakeLambda.calls[0]["body"]) == {"a": 1}

    response = client.invoke(FunctionName="fail-sdk", Payload=b'{"errorType": "LedgerLocked"}')
    assert response["StatusCode"] == 200 and response["FunctionError"] == "Unhandled"
    assert json.loads(response["Payload"].read()) == {"errorType": "LedgerLocked",
                                                      "errorMessage": "fail-sdk failed"}

    response = client.invoke(FunctionName="echo-async", InvocationType="Event", Payload=b"{}")
    assert response["StatusCode"] == 202
    assert FakeLambda.calls[-1]["headers"]["X-Amz-Invocation-Type"] == "Event"


def test_state_machine_lambda_tasks_are_forwarded(sfn):
    FakeLambda.calls.clear()
    sm = state_machine(sfn, {"StartAt": "Optimised", "States": {
        "Optimised": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "echo-sfn", "Payload": {"step.$": "$.step"}},
                      "ResultSelector": {"payload.$": "$.Payload", "status.$": "$.StatusCode"},
                      "ResultPath": "$.optimised", "Next": "Plain"},
        "Plain": {"Type": "Task", "Resource": lambda_arn("echo-plain"),
                  "ResultPath": "$.plain", "End": True}}})
    result = run(sfn, sm, {"step": "s1"})
    assert result["status"] == "SUCCEEDED", result
    output = json.loads(result["output"])
    assert output["optimised"] == {"payload": {"function": "echo-sfn", "input": {"step": "s1"}},
                                   "status": 200}
    assert output["plain"]["function"] == lambda_arn("echo-plain")
    assert output["plain"]["input"]["step"] == "s1"


def test_lambda_error_type_drives_retry_and_catch(sfn):
    sm = state_machine(sfn, {"StartAt": "Flaky", "States": {
        "Flaky": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "flaky-fn", "Payload.$": "$"},
                  "Retry": [{"ErrorEquals": ["TransientError"], "IntervalSeconds": 1,
                             "MaxAttempts": 2}],
                  "ResultPath": "$.flaky", "Next": "Failing"},
        "Failing": {"Type": "Task", "Resource": lambda_arn("fail-fn"),
                    "Parameters": {"errorType": "LedgerLocked"},
                    "Retry": [{"ErrorEquals": ["TransientError"], "MaxAttempts": 3}],
                    "Catch": [{"ErrorEquals": ["LedgerLocked"], "ResultPath": "$.error",
                               "Next": "Caught"}], "End": True},
        "Caught": {"Type": "Pass", "End": True}}})
    result = run(sfn, sm, {"key": unique("flaky")})
    assert result["status"] == "SUCCEEDED", result
    output = json.loads(result["output"])
    assert output["flaky"]["Payload"]["function"] == "flaky-fn"  # succeeded on the retry
    assert output["error"]["Error"] == "LedgerLocked"
    assert json.loads(output["error"]["Cause"])["errorMessage"] == "fail-fn failed"


# ---------------------------------------------------------------------------------------------
# regression: Parallel and Map (with forwarded lambda calls in the iterations)
# ---------------------------------------------------------------------------------------------
def test_parallel_and_map(sfn):
    sm = state_machine(sfn, {"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "ResultPath": "$.branches", "Next": "Each", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": True}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}}]},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.mapped", "End": True,
                 "Iterator": {"StartAt": "Call", "States": {"Call": {
                     "Type": "Task", "Resource": lambda_arn("echo-map"),
                     "ResultSelector": {"item.$": "$.input"}, "End": True}}}}}})
    result = run(sfn, sm, {"items": [1, 2, 3]})
    assert result["status"] == "SUCCEEDED", result
    output = json.loads(result["output"])
    assert output["branches"] == ["a", "b"]
    assert output["mapped"] == [{"item": 1}, {"item": 2}, {"item": 3}]


# ---------------------------------------------------------------------------------------------
# patch_events_lambda_targets
# ---------------------------------------------------------------------------------------------
def test_event_rule_lambda_targets_are_invoked_asynchronously_with_the_envelope(aws):
    events = aws("events")
    rule = unique("to-lambda")
    events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["aws.cloudwatch"],
                                                         "detail-type": ["CloudWatch Alarm State Change"]}))
    events.put_targets(Rule=rule, Targets=[{"Id": "router", "Arn": lambda_arn("echo-router")}])
    FakeLambda.calls.clear()

    result = events.put_events(Entries=[{"Source": "aws.cloudwatch", "DetailType": "CloudWatch Alarm State Change",
                                         "Detail": json.dumps({"alarmName": "exchange-x", "state": {"value": "ALARM"}})}])

    assert result["FailedEntryCount"] == 0
    call = wait_for(lambda: next((c for c in FakeLambda.calls if "echo-router" in c["name"]), None))
    assert call["headers"]["X-Amz-Invocation-Type"] == "Event"
    envelope = json.loads(call["body"])
    assert envelope["detail-type"] == "CloudWatch Alarm State Change"
    assert envelope["detail"]["alarmName"] == "exchange-x"
    assert isinstance(envelope["time"], str)
    events.remove_targets(Rule=rule, Ids=["router"])
    events.delete_rule(Name=rule)

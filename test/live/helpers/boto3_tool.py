"""boto3 side of the interop tests (test/live/interop.test.ts).

The endpoint, region and keys come from the environment (S3WIRE_IT_ENDPOINT, S3WIRE_IT_REGION,
S3WIRE_IT_ACCESS_KEY, S3WIRE_IT_SECRET_KEY), never argv. argv: an action and its arguments.
Prints one JSON object on stdout.

  get BUCKET KEY               sha256, size, etag, content type, metadata of the object
  put BUCKET KEY FILE          put_object with the file's bytes
  upload BUCKET KEY FILE       upload_file, multipart above 5 MiB in 5 MiB parts
  list BUCKET [PREFIX]         every key and size, across pages
"""
import hashlib
import json
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

MiB = 1024 * 1024


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3WIRE_IT_ENDPOINT"],
        region_name=os.environ["S3WIRE_IT_REGION"],
        aws_access_key_id=os.environ["S3WIRE_IT_ACCESS_KEY"],
        aws_secret_access_key=os.environ["S3WIRE_IT_SECRET_KEY"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def main(argv):
    s3 = client()
    action = argv[0]
    if action == "get":
        bucket, key = argv[1:3]
        r = s3.get_object(Bucket=bucket, Key=key)
        body = r["Body"].read()
        return {
            "sha256": hashlib.sha256(body).hexdigest(),
            "size": len(body),
            "contentLength": r["ContentLength"],
            "etag": r["ETag"],
            "contentType": r.get("ContentType"),
            "metadata": r.get("Metadata", {}),
        }
    if action == "put":
        bucket, key, path = argv[1:4]
        with open(path, "rb") as f:
            r = s3.put_object(Bucket=bucket, Key=key, Body=f.read())
        return {"etag": r["ETag"]}
    if action == "upload":
        bucket, key, path = argv[1:4]
        cfg = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=2)
        s3.upload_file(path, bucket, key, Config=cfg)
        head = s3.head_object(Bucket=bucket, Key=key)
        return {"etag": head["ETag"], "size": head["ContentLength"]}
    if action == "list":
        bucket = argv[1]
        kwargs = {"Bucket": bucket}
        if len(argv) > 2:
            kwargs["Prefix"] = argv[2]
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(**kwargs):
            keys.extend({"key": o["Key"], "size": o["Size"]} for o in page.get("Contents", []))
        return {"keys": keys}
    raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), ensure_ascii=True))

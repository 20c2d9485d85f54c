# AWS for bucketftp on EKS: an S3 bucket per user, an IAM role the pods assume through their
# ServiceAccount (IRSA) with least privilege on exactly those buckets, Elastic IPs and annotations
# for a Network Load Balancer (aws-load-balancer-controller) that sends PROXY protocol v2 headers,
# and security group rules that let the NLB reach the control, passive and health check ports.

data "aws_partition" "current" {}

locals {
  buckets     = { for user, settings in var.users : user => coalesce(settings.bucket, "${var.bucket_prefix}-${user}") }
  oidc_issuer = trimprefix(var.oidc_provider_url, "https://")
  arn_prefix  = "arn:${data.aws_partition.current.partition}:s3:::"
}

resource "aws_s3_bucket" "user" {
  for_each      = local.buckets
  bucket        = each.value
  force_destroy = var.force_destroy
  tags          = { "bucketftp/user" = each.key }
}

resource "aws_s3_bucket_public_access_block" "user" {
  for_each                = aws_s3_bucket.user
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "user" {
  for_each = aws_s3_bucket.user
  bucket   = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "user" {
  for_each = aws_s3_bucket.user
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# The server aborts the multipart uploads it gives up; a pod killed mid-upload cannot, so S3 does.
resource "aws_s3_bucket_lifecycle_configuration" "user" {
  for_each = aws_s3_bucket.user
  bucket   = each.value.id
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.service_account_name}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "server" {
  name               = "${var.name}-server"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

# One policy per bucket, granting what the S3 driver does and nothing more: list and probe the
# bucket, read, write (multipart included) and delete its objects.
data "aws_iam_policy_document" "bucket" {
  for_each = local.buckets
  statement {
    sid       = "Bucket"
    actions   = ["s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:GetBucketLocation"]
    resources = ["${local.arn_prefix}${each.value}"]
  }
  statement {
    sid = "Objects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${local.arn_prefix}${each.value}/*"]
  }
}

resource "aws_iam_role_policy" "bucket" {
  for_each = local.buckets
  name     = "bucket-${each.key}"
  role     = aws_iam_role.server.id
  policy   = data.aws_iam_policy_document.bucket[each.key].json
}

# Known addresses before the NLB exists: server.passive.publicAddress can name one of them.
resource "aws_eip" "nlb" {
  count  = length(var.public_subnet_ids)
  domain = "vpc"
  tags   = { Name = "${var.name}-nlb-${count.index}" }
}

# The NLB reaches the pods (ip targets) from its private addresses in the VPC.
resource "aws_vpc_security_group_ingress_rule" "passive" {
  security_group_id = var.node_security_group_id
  description       = "${var.name}: FTP passive range from the NLB"
  ip_protocol       = "tcp"
  from_port         = var.port_range.min
  to_port           = var.port_range.max
  cidr_ipv4         = var.vpc_cidr
}

resource "aws_vpc_security_group_ingress_rule" "control" {
  security_group_id = var.node_security_group_id
  description       = "${var.name}: FTP control from the NLB"
  ip_protocol       = "tcp"
  from_port         = var.container_control_port
  to_port           = var.container_control_port
  cidr_ipv4         = var.vpc_cidr
}

resource "aws_vpc_security_group_ingress_rule" "health" {
  security_group_id = var.node_security_group_id
  description       = "${var.name}: NLB health checks on /readyz"
  ip_protocol       = "tcp"
  from_port         = var.ops_port
  to_port           = var.ops_port
  cidr_ipv4         = var.vpc_cidr
}

data "aws_region" "current" {}

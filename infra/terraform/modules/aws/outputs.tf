output "buckets" {
  description = "Bucket name of each user."
  value       = local.buckets
}

output "role_arn" {
  value = aws_iam_role.server.arn
}

output "service_account_annotations" {
  description = "For modules/kubernetes: service_account_annotations (IRSA)."
  value       = { "eks.amazonaws.com/role-arn" = aws_iam_role.server.arn }
}

output "public_addresses" {
  description = "The NLB's Elastic IPs, one per zone; server.passive.publicAddress can name the first."
  value       = aws_eip.nlb[*].public_ip
}

output "trusted_proxies" {
  description = "For modules/kubernetes: trusted_proxies (the NLB sends PROXY v2 from the VPC)."
  value       = [var.vpc_cidr]
}

output "service_annotations" {
  description = "For modules/kubernetes: service_annotations (aws-load-balancer-controller NLB with PROXY v2)."
  value = {
    "service.beta.kubernetes.io/aws-load-balancer-type"                    = "external"
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"         = "ip"
    "service.beta.kubernetes.io/aws-load-balancer-scheme"                  = "internet-facing"
    "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"          = "*"
    "service.beta.kubernetes.io/aws-load-balancer-subnets"                 = join(",", var.public_subnet_ids)
    "service.beta.kubernetes.io/aws-load-balancer-eip-allocations"         = join(",", aws_eip.nlb[*].allocation_id)
    "service.beta.kubernetes.io/aws-load-balancer-attributes"              = "load_balancing.cross_zone.enabled=true"
    "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes" = "preserve_client_ip.enabled=false,deregistration_delay.timeout_seconds=${ceil(var.shutdown_grace_ms / 1000)}"
    "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol"    = "HTTP"
    "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port"        = "9090"
    "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path"        = "/readyz"
  }
}

output "storage_defaults" {
  description = "For the configuration's defaults.s3 (region; credentials come from IRSA)."
  value       = { s3 = { region = data.aws_region.current.name } }
}

output "user_storage" {
  description = "Each user's `storage` for the users file: { driver = \"s3\", bucket = … }."
  value       = { for user, bucket in local.buckets : user => { driver = "s3", bucket = bucket } }
}

variable "name" {
  description = "Prefix of the IAM role and security group rule descriptions."
  type        = string
  default     = "bucketftp"
}

variable "users" {
  description = "One S3 bucket per FTP user: map of user name to settings. bucket: the bucket's name (default <bucket_prefix>-<user>)."
  type = map(object({
    bucket = optional(string)
  }))

  validation {
    condition     = alltrue([for user in keys(var.users) : can(regex("^[a-z0-9][a-z0-9-]{0,40}$", user))])
    error_message = "user names used in bucket names must be lowercase letters, digits and dashes."
  }
}

variable "bucket_prefix" {
  description = "Bucket names default to <bucket_prefix>-<user>; S3 bucket names are global, so make it yours."
  type        = string
}

variable "force_destroy" {
  description = "Let terraform destroy buckets that still hold objects."
  type        = bool
  default     = false
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider (IAM roles for service accounts)."
  type        = string
}

variable "oidc_provider_url" {
  description = "Its issuer URL, with or without https://."
  type        = string
}

variable "namespace" {
  description = "Namespace of the bucketftp ServiceAccount."
  type        = string
}

variable "service_account_name" {
  description = "Name of the bucketftp ServiceAccount (modules/kubernetes: var.name)."
  type        = string
  default     = "bucketftp"
}

variable "port_range" {
  description = "The passive range (modules/passive-layout: port_range)."
  type        = object({ min = number, max = number })
}

variable "container_control_port" {
  description = "The pods' FTP control port (modules/passive-layout: container_control_port)."
  type        = number
}

variable "ops_port" {
  description = "The pods' operations port, used for the load balancer's health checks."
  type        = number
}

variable "node_security_group_id" {
  description = "Security group of the pods (with the VPC CNI: the nodes'), which the NLB's traffic must pass."
  type        = string
}

variable "vpc_cidr" {
  description = "The VPC's CIDR: NLB nodes connect to the pods from addresses in it (and send PROXY v2 headers)."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for the NLB, one per zone; an Elastic IP is allocated for each, so the addresses are known before the NLB exists."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 1
    error_message = "At least one public subnet is needed."
  }
}

variable "shutdown_grace_ms" {
  description = "server.shutdownGraceMs: the NLB keeps a deregistered pod's connections this long."
  type        = number
  default     = 30000
}

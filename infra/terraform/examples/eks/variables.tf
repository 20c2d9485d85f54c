variable "region" {
  type = string
}

variable "cluster_name" {
  type = string
}

variable "namespace" {
  description = "An existing namespace."
  type        = string
  default     = "ftp"
}

variable "image" {
  description = "The server's image (built from the repository's Dockerfile and pushed to your registry)."
  type        = string
}

variable "replicas" {
  type    = number
  default = 3
}

variable "users" {
  description = "FTP user name → password hash (`bucketftp hash-password`); each gets its own bucket."
  type        = map(string)
  sensitive   = true
}

variable "bucket_prefix" {
  type = string
}

variable "node_security_group_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "project_id" {
  type = string
}

variable "region" {
  type = string
}

variable "cluster_name" {
  type = string
}

variable "cluster_location" {
  description = "Region or zone of the cluster."
  type        = string
}

variable "namespace" {
  description = "An existing namespace."
  type        = string
  default     = "ftp"
}

variable "image" {
  type = string
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

variable "node_tags" {
  description = "Network tags of the cluster's nodes."
  type        = list(string)
}

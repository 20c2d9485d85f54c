variable "name" {
  description = "Prefix of the service account, address and firewall rule names."
  type        = string
  default     = "bucketftp"
}

variable "project_id" {
  type = string
}

variable "region" {
  description = "Region of the cluster (the load balancer's address is regional)."
  type        = string
}

variable "users" {
  description = "One GCS bucket per FTP user: map of user name to settings. bucket: the bucket's name (default <bucket_prefix>-<user>)."
  type = map(object({
    bucket   = optional(string)
    location = optional(string)
  }))

  validation {
    condition     = alltrue([for user in keys(var.users) : can(regex("^[a-z0-9][a-z0-9-]{0,40}$", user))])
    error_message = "user names used in bucket names must be lowercase letters, digits and dashes."
  }
}

variable "bucket_prefix" {
  description = "Bucket names default to <bucket_prefix>-<user>; GCS bucket names are global, so make it yours."
  type        = string
}

variable "bucket_location" {
  description = "Default location of the buckets."
  type        = string
  default     = "EU"
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "namespace" {
  description = "Namespace of the bucketftp Kubernetes ServiceAccount."
  type        = string
}

variable "service_account_name" {
  description = "Name of the bucketftp Kubernetes ServiceAccount (modules/kubernetes: var.name)."
  type        = string
  default     = "bucketftp"
}

variable "network" {
  description = "VPC network of the GKE nodes."
  type        = string
}

variable "node_tags" {
  description = "Network tags of the GKE nodes the firewall rules apply to."
  type        = list(string)
}

variable "port_range" {
  description = "The passive range (modules/passive-layout: port_range)."
  type        = object({ min = number, max = number })
}

variable "control_port" {
  description = "The FTP control port on the nodes (with externalTrafficPolicy Local, the Service's port reaches the pod's target port through kube-proxy)."
  type        = number
}

variable "client_source_ranges" {
  description = "Client address blocks allowed to reach FTP."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

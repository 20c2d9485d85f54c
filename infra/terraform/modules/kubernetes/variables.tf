variable "name" {
  description = "Name of the StatefulSet (pods are <name>-0, <name>-1, …), its Services and everything else."
  type        = string
  default     = "bucketftp"

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$", var.name))
    error_message = "name must be a DNS label of at most 42 characters (pod names add -N, Service names -peers)."
  }
}

variable "namespace" {
  description = "Namespace to deploy into (created elsewhere)."
  type        = string
}

variable "image" {
  description = "Container image of the server, e.g. registry.example.com/bucketftp:0.1.0."
  type        = string
}

variable "layout" {
  description = "Outputs of modules/passive-layout (pass the whole module: layout = module.layout)."
  type = object({
    replicas               = number
    slices                 = number
    port_range             = object({ min = number, max = number })
    service_ports          = list(object({ name = string, port = number, target_port = number }))
    container_control_port = number
    relay_port             = number
    ops_port               = number
  })
}

variable "public_address" {
  description = "IPv4 address clients reach the load balancer at, announced by PASV (server.passive.publicAddress). EPSV works without it."
  type        = string
  default     = null
}

variable "trusted_proxies" {
  description = "Address blocks of load balancers that send PROXY protocol headers (AWS NLB: the VPC's CIDR). Empty: no PROXY protocol; use external_traffic_policy = \"Local\" to keep client addresses."
  type        = list(string)
  default     = []
}

variable "external_traffic_policy" {
  description = "\"Local\" keeps the client's address on the packets (no PROXY protocol needed); \"Cluster\" when the load balancer sends PROXY headers or targets pods directly."
  type        = string
  default     = "Local"

  validation {
    condition     = contains(["Local", "Cluster"], var.external_traffic_policy)
    error_message = "external_traffic_policy must be Local or Cluster."
  }
}

variable "service_annotations" {
  description = "Annotations of the LoadBalancer Service (cloud load balancer settings, e.g. from modules/aws)."
  type        = map(string)
  default     = {}
}

variable "service_account_annotations" {
  description = "Annotations of the pods' ServiceAccount (IRSA role, GKE workload identity)."
  type        = map(string)
  default     = {}
}

variable "load_balancer_ip" {
  description = "A reserved address for the load balancer, where the platform supports spec.loadBalancerIP (GKE)."
  type        = string
  default     = null
}

variable "load_balancer_source_ranges" {
  description = "Client address blocks allowed through the load balancer; empty: everyone."
  type        = list(string)
  default     = []
}

variable "storage_defaults" {
  description = "The configuration's `defaults` section (defaults.s3 / defaults.gcs: bucket, region, …)."
  type        = any
  default     = {}
}

variable "users_yaml" {
  description = "Contents of the users file (a YAML document with `users:`), kept in a Secret and reloaded when it changes."
  type        = string
  sensitive   = true
}

variable "server_name" {
  description = "Shown in the FTP greeting."
  type        = string
  default     = "bucketftp"
}

variable "log_level" {
  type    = string
  default = "info"
}

variable "shutdown_grace_ms" {
  description = "How long a stopping replica lets transfers finish (server.shutdownGraceMs). terminationGracePeriodSeconds is derived from it."
  type        = number
  default     = 30000

  validation {
    condition     = var.shutdown_grace_ms >= 0
    error_message = "shutdown_grace_ms must be >= 0."
  }
}

variable "pre_stop_seconds" {
  description = "Pause before SIGTERM so the load balancer stops sending new connections first."
  type        = number
  default     = 10
}

variable "extra_config" {
  description = "Further top-level sections of the configuration file (shallow-merged last), e.g. { logging = { level = \"debug\" } }."
  type        = any
  default     = {}
}

variable "cluster_domain" {
  description = "The cluster's DNS domain, for the peers' names."
  type        = string
  default     = "cluster.local"
}

variable "resources" {
  description = "Container resources."
  type = object({
    requests = map(string)
    limits   = map(string)
  })
  default = {
    requests = { cpu = "250m", memory = "256Mi" }
    limits   = { memory = "1Gi" }
  }
}

variable "network_policy" {
  description = "Create a NetworkPolicy: FTP, passive and ops ports open, the relay port only to the other replicas."
  type        = bool
  default     = true
}

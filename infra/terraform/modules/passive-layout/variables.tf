variable "replicas" {
  description = "Replicas to run now (the StatefulSet's replicas)."
  type        = number

  validation {
    condition     = var.replicas >= 1 && floor(var.replicas) == var.replicas
    error_message = "replicas must be a whole number >= 1."
  }
}

variable "max_replicas" {
  description = "Slices of the passive range: the most replicas this layout serves. Scaling up to it needs no other change. Default: replicas."
  type        = number
  default     = null

  validation {
    condition     = var.max_replicas == null || (try(var.max_replicas >= var.replicas, false) && try(floor(var.max_replicas) == var.max_replicas, false))
    error_message = "max_replicas must be a whole number >= replicas."
  }
}

variable "ports_per_replica" {
  description = "Passive ports in each replica's slice. Pending transfers share a port when their clients' addresses differ."
  type        = number

  validation {
    condition     = var.ports_per_replica >= 1 && floor(var.ports_per_replica) == var.ports_per_replica
    error_message = "ports_per_replica must be a whole number >= 1: a slice may not be empty."
  }
}

variable "first_port" {
  description = "First passive port; the range runs on from it, slice after slice."
  type        = number
  default     = 30000

  validation {
    condition     = var.first_port >= 1024 && var.first_port <= 65535 && floor(var.first_port) == var.first_port
    error_message = "first_port must lie in 1024-65535."
  }

  validation {
    condition     = var.first_port + coalesce(var.max_replicas, var.replicas) * var.ports_per_replica - 1 <= 65535
    error_message = "The passive range must end at 65535 or below: lower first_port, ports_per_replica or max_replicas."
  }
}

variable "control_port" {
  description = "FTP control port the load balancer presents to clients."
  type        = number
  default     = 21

  validation {
    condition     = var.control_port >= 1 && var.control_port <= 65535
    error_message = "control_port must lie in 1-65535."
  }

  validation {
    condition     = var.control_port < var.first_port || var.control_port > var.first_port + coalesce(var.max_replicas, var.replicas) * var.ports_per_replica - 1
    error_message = "control_port must lie outside the passive range."
  }
}

variable "container_control_port" {
  description = "FTP control port inside the pod (server.listen); an unprivileged one, the Service maps control_port to it."
  type        = number
  default     = 2121

  validation {
    condition     = var.container_control_port >= 1024 && var.container_control_port <= 65535
    error_message = "container_control_port must lie in 1024-65535 (the image runs as an unprivileged user)."
  }

  validation {
    condition     = var.container_control_port < var.first_port || var.container_control_port > var.first_port + coalesce(var.max_replicas, var.replicas) * var.ports_per_replica - 1
    error_message = "container_control_port must lie outside the passive range."
  }
}

variable "relay_port" {
  description = "Port on which replicas take the data connections their peers relay to them (pod network only, cluster.relayPort)."
  type        = number
  default     = 2122

  validation {
    condition     = var.relay_port >= 1024 && var.relay_port <= 65535
    error_message = "relay_port must lie in 1024-65535."
  }

  validation {
    condition     = var.relay_port < var.first_port || var.relay_port > var.first_port + coalesce(var.max_replicas, var.replicas) * var.ports_per_replica - 1
    error_message = "relay_port must lie outside the passive range."
  }

  validation {
    condition     = var.relay_port != var.container_control_port && var.relay_port != var.ops_port
    error_message = "relay_port must differ from container_control_port and ops_port."
  }
}

variable "ops_port" {
  description = "The operations listener (/healthz, /readyz, /metrics: http.port)."
  type        = number
  default     = 9090

  validation {
    condition     = var.ops_port >= 1024 && var.ops_port <= 65535 && var.ops_port != var.container_control_port
    error_message = "ops_port must lie in 1024-65535 and differ from container_control_port."
  }

  validation {
    condition     = var.ops_port < var.first_port || var.ops_port > var.first_port + coalesce(var.max_replicas, var.replicas) * var.ports_per_replica - 1
    error_message = "ops_port must lie outside the passive range."
  }
}

variable "max_listeners" {
  description = "Most listeners the load balancer may have (AWS NLB: 50 by default); null: no limit. The control port and every passive port count."
  type        = number
  default     = null

  validation {
    condition     = var.max_listeners == null || try(1 + coalesce(var.max_replicas, var.replicas) * var.ports_per_replica <= var.max_listeners, false)
    error_message = "The load balancer would need more listeners than max_listeners: fewer ports_per_replica or max_replicas (pending transfers share ports, so a few per replica serve many clients)."
  }
}

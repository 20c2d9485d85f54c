output "replicas" {
  description = "Replicas to run now."
  value       = var.replicas
}

output "slices" {
  description = "Number of slices (the most replicas this layout serves): the server's cluster.slices."
  value       = local.slices
}

output "slice_ranges" {
  description = "Each replica's passive ports: [{ replica, min, max }]."
  value       = local.slice_ranges
}

output "port_range" {
  description = "The whole passive range: the server's server.passive.portRange."
  value       = { min = var.first_port, max = local.last_port }
}

output "passive_ports" {
  description = "Every passive port, in order."
  value       = local.passive_ports
}

output "service_ports" {
  description = "Ports of the load balancer's Service: the control port, then every passive port."
  value       = local.service_ports
}

output "container_ports" {
  description = "Named ports of the container besides the passive range: ftp, relay, ops."
  value       = local.container_ports
}

output "listener_count" {
  description = "Listeners the load balancer needs (control + passive)."
  value       = length(local.service_ports)
}

output "control_port" {
  value = var.control_port
}

output "container_control_port" {
  value = var.container_control_port
}

output "relay_port" {
  value = var.relay_port
}

output "ops_port" {
  value = var.ops_port
}

output "server_settings" {
  description = "The configuration keys this layout fixes, in the server's configuration file's shape."
  value = {
    server = {
      listen  = [{ host = "0.0.0.0", port = var.container_control_port }]
      passive = { portRange = { min = var.first_port, max = local.last_port } }
    }
    http    = { host = "0.0.0.0", port = var.ops_port }
    cluster = { slices = local.slices, relayPort = var.relay_port }
  }
}

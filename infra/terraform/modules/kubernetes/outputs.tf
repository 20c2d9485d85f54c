output "config_yaml" {
  description = "The server's configuration file as deployed."
  value       = local.config_yaml
}

output "service_name" {
  value = kubernetes_service_v1.public.metadata[0].name
}

output "load_balancer_ingress" {
  description = "Addresses or host names the cloud gave the load balancer."
  value       = try(kubernetes_service_v1.public.status[0].load_balancer[0].ingress, [])
}

output "service_account_name" {
  value = kubernetes_service_account_v1.this.metadata[0].name
}

output "termination_grace_period_seconds" {
  value = local.grace_seconds
}

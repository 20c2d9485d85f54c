output "ftp_address" {
  description = "Where clients connect (port 21)."
  value       = module.gcp.public_address
}

output "buckets" {
  value = module.gcp.buckets
}

output "ftp_addresses" {
  description = "Where clients connect (port 21)."
  value       = module.aws.public_addresses
}

output "buckets" {
  value = module.aws.buckets
}

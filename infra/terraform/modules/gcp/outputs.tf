output "buckets" {
  description = "Bucket name of each user."
  value       = local.buckets
}

output "service_account_email" {
  value = google_service_account.server.email
}

output "service_account_annotations" {
  description = "For modules/kubernetes: service_account_annotations (workload identity)."
  value       = { "iam.gke.io/gcp-service-account" = google_service_account.server.email }
}

output "public_address" {
  description = "The load balancer's reserved address: modules/kubernetes load_balancer_ip and public_address."
  value       = google_compute_address.ftp.address
}

output "user_storage" {
  description = "Each user's `storage` for the users file: { driver = \"gcs\", bucket = … }."
  value       = { for user, bucket in local.buckets : user => { driver = "gcs", bucket = bucket } }
}

# Google Cloud for bucketftp on GKE: a GCS bucket per user, a Google service account the pods act
# as through workload identity with access to exactly those buckets, a reserved regional address
# for the passthrough network load balancer, and firewall rules for the control and passive ports.
# GKE's L4 load balancer does not speak the PROXY protocol: the Service keeps client addresses
# with externalTrafficPolicy Local instead.

locals {
  buckets = { for user, settings in var.users : user => coalesce(settings.bucket, "${var.bucket_prefix}-${user}") }
}

resource "google_storage_bucket" "user" {
  for_each                    = local.buckets
  project                     = var.project_id
  name                        = each.value
  location                    = coalesce(var.users[each.key].location, var.bucket_location)
  force_destroy               = var.force_destroy
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = { "bucketftp-user" = each.key }
}

resource "google_service_account" "server" {
  project      = var.project_id
  account_id   = "${var.name}-server"
  display_name = "bucketftp server (workload identity)"
}

resource "google_service_account_iam_member" "workload_identity" {
  service_account_id = google_service_account.server.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[${var.namespace}/${var.service_account_name}]"
}

# Objects only (list, read, write, delete) on each user's bucket: the driver's ping lists objects
# too, so no bucket-level role is needed.
resource "google_storage_bucket_iam_member" "objects" {
  for_each = google_storage_bucket.user
  bucket   = each.value.name
  role     = "roles/storage.objectAdmin"
  member   = "serviceAccount:${google_service_account.server.email}"
}

resource "google_compute_address" "ftp" {
  project      = var.project_id
  region       = var.region
  name         = "${var.name}-ftp"
  address_type = "EXTERNAL"
}

resource "google_compute_firewall" "ftp" {
  project       = var.project_id
  name          = "${var.name}-ftp"
  network       = var.network
  direction     = "INGRESS"
  source_ranges = var.client_source_ranges
  target_tags   = var.node_tags
  allow {
    protocol = "tcp"
    ports    = [tostring(var.control_port), "${var.port_range.min}-${var.port_range.max}"]
  }
}

# bucketftp on an existing GKE cluster (VPC-native, workload identity on): three replicas behind
# one passthrough network load balancer without sticky sessions, one GCS bucket per user. GKE's
# load balancer sends no PROXY header, so the Service keeps client addresses with
# externalTrafficPolicy Local.

terraform {
  required_version = ">= 1.9"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.31"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

data "google_client_config" "this" {}

data "google_container_cluster" "this" {
  name     = var.cluster_name
  location = var.cluster_location
}

provider "kubernetes" {
  host                   = "https://${data.google_container_cluster.this.endpoint}"
  cluster_ca_certificate = base64decode(data.google_container_cluster.this.master_auth[0].cluster_ca_certificate)
  token                  = data.google_client_config.this.access_token
}

module "layout" {
  source            = "../../modules/passive-layout"
  replicas          = var.replicas
  max_replicas      = 4
  ports_per_replica = 12
  first_port        = 30000
}

module "gcp" {
  source        = "../../modules/gcp"
  project_id    = var.project_id
  region        = var.region
  users         = { for user in nonsensitive(keys(var.users)) : user => {} }
  bucket_prefix = var.bucket_prefix
  namespace     = var.namespace
  network       = data.google_container_cluster.this.network
  node_tags     = var.node_tags
  port_range    = module.layout.port_range
  control_port  = module.layout.control_port
}

module "bucketftp" {
  source                      = "../../modules/kubernetes"
  namespace                   = var.namespace
  image                       = var.image
  layout                      = module.layout
  public_address              = module.gcp.public_address
  load_balancer_ip            = module.gcp.public_address
  external_traffic_policy     = "Local"
  service_account_annotations = module.gcp.service_account_annotations
  storage_defaults            = { gcs = { projectId = var.project_id } }
  users_yaml = yamlencode({
    users = [
      for user, password_hash in var.users : {
        username     = user
        passwordHash = password_hash
        storage      = module.gcp.user_storage[user]
      }
    ]
  })
}

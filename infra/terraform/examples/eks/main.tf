# bucketftp on an existing EKS cluster (with the AWS Load Balancer Controller installed): three
# replicas behind one NLB without sticky sessions, room for a fourth without touching the layout,
# one S3 bucket per user. 1 control + 4 x 12 passive ports = 49 listeners, inside the NLB's 50.

terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.31"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}

data "aws_iam_openid_connect_provider" "this" {
  url = data.aws_eks_cluster.this.identity[0].oidc[0].issuer
}

data "aws_vpc" "this" {
  id = data.aws_eks_cluster.this.vpc_config[0].vpc_id
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.this.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.this.certificate_authority[0].data)
  token                  = data.aws_eks_cluster_auth.this.token
}

module "layout" {
  source            = "../../modules/passive-layout"
  replicas          = var.replicas
  max_replicas      = 4
  ports_per_replica = 12
  first_port        = 30000
  max_listeners     = 50
}

module "aws" {
  source                 = "../../modules/aws"
  users                  = { for user in nonsensitive(keys(var.users)) : user => {} }
  bucket_prefix          = var.bucket_prefix
  oidc_provider_arn      = data.aws_iam_openid_connect_provider.this.arn
  oidc_provider_url      = data.aws_eks_cluster.this.identity[0].oidc[0].issuer
  namespace              = var.namespace
  port_range             = module.layout.port_range
  container_control_port = module.layout.container_control_port
  ops_port               = module.layout.ops_port
  node_security_group_id = var.node_security_group_id
  vpc_cidr               = data.aws_vpc.this.cidr_block
  public_subnet_ids      = var.public_subnet_ids
}

module "bucketftp" {
  source                      = "../../modules/kubernetes"
  namespace                   = var.namespace
  image                       = var.image
  layout                      = module.layout
  public_address              = module.aws.public_addresses[0]
  trusted_proxies             = module.aws.trusted_proxies
  external_traffic_policy     = "Cluster"
  service_annotations         = module.aws.service_annotations
  service_account_annotations = module.aws.service_account_annotations
  storage_defaults            = module.aws.storage_defaults
  users_yaml = yamlencode({
    users = [
      for user, password_hash in var.users : {
        username     = user
        passwordHash = password_hash
        storage      = module.aws.user_storage[user]
      }
    ]
  })
}

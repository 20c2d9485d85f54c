# bucketftp on Kubernetes: a StatefulSet (stable pod names give each replica its slice of the
# passive range), a headless Service through which replicas find each other for relayed data
# connections, and one LoadBalancer Service listing the control port and every passive port of
# modules/passive-layout. No session affinity is needed.

locals {
  labels          = { "app.kubernetes.io/name" = "bucketftp", "app.kubernetes.io/instance" = var.name }
  peers_service   = "${var.name}-peers"
  config_dir      = "/etc/bucketftp"
  users_dir       = "/etc/bucketftp/users"
  grace_seconds   = ceil(var.shutdown_grace_ms / 1000) + var.pre_stop_seconds + 10
  proxy_protocol  = length(var.trusted_proxies) == 0 ? {} : { proxyProtocol = { trustedProxies = var.trusted_proxies } }
  public_address  = var.public_address == null ? {} : { publicAddress = var.public_address }
  config_sections = merge(local.config, var.extra_config)

  config = {
    server = merge({
      name            = var.server_name
      listen          = [{ host = "0.0.0.0", port = var.layout.container_control_port }]
      passive         = merge({ portRange = var.layout.port_range }, local.public_address)
      shutdownGraceMs = var.shutdown_grace_ms
    }, local.proxy_protocol)
    logging   = { level = var.log_level, pretty = false }
    http      = { host = "0.0.0.0", port = var.layout.ops_port }
    defaults  = var.storage_defaults
    usersFile = "${local.users_dir}/users.yaml"
    cluster = {
      replica   = "hostname"
      slices    = var.layout.slices
      peers     = "${var.name}-{replica}.${local.peers_service}.${var.namespace}.svc.${var.cluster_domain}"
      relayPort = var.layout.relay_port
    }
  }
  config_yaml = yamlencode(local.config_sections)
}

resource "kubernetes_service_account_v1" "this" {
  metadata {
    name        = var.name
    namespace   = var.namespace
    labels      = local.labels
    annotations = var.service_account_annotations
  }
}

resource "kubernetes_config_map_v1" "config" {
  metadata {
    name      = "${var.name}-config"
    namespace = var.namespace
    labels    = local.labels
  }
  data = { "config.yaml" = local.config_yaml }
}

resource "kubernetes_secret_v1" "users" {
  metadata {
    name      = "${var.name}-users"
    namespace = var.namespace
    labels    = local.labels
  }
  data = { "users.yaml" = var.users_yaml }
}

resource "kubernetes_service_v1" "peers" {
  metadata {
    name      = local.peers_service
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    cluster_ip = "None"
    # A draining replica keeps its DNS name, so its last transfers' data connections still reach it.
    publish_not_ready_addresses = true
    selector                    = local.labels
    port {
      name        = "relay"
      port        = var.layout.relay_port
      target_port = "relay"
    }
  }
}

resource "kubernetes_service_v1" "public" {
  metadata {
    name        = var.name
    namespace   = var.namespace
    labels      = local.labels
    annotations = var.service_annotations
  }
  spec {
    type                        = "LoadBalancer"
    selector                    = local.labels
    external_traffic_policy     = var.external_traffic_policy
    load_balancer_ip            = var.load_balancer_ip
    load_balancer_source_ranges = var.load_balancer_source_ranges
    session_affinity            = "None"

    dynamic "port" {
      for_each = var.layout.service_ports
      content {
        name        = port.value.name
        protocol    = "TCP"
        port        = port.value.port
        target_port = port.value.target_port
      }
    }
  }
}

resource "kubernetes_stateful_set_v1" "this" {
  metadata {
    name      = var.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    replicas              = var.layout.replicas
    service_name          = kubernetes_service_v1.peers.metadata[0].name
    pod_management_policy = "Parallel"
    selector {
      match_labels = local.labels
    }
    template {
      metadata {
        labels = local.labels
        annotations = {
          "prometheus.io/scrape"    = "true"
          "prometheus.io/port"      = tostring(var.layout.ops_port)
          "prometheus.io/path"      = "/metrics"
          "bucketftp/config-sha256" = sha256(local.config_yaml)
        }
      }
      spec {
        service_account_name             = kubernetes_service_account_v1.this.metadata[0].name
        termination_grace_period_seconds = local.grace_seconds
        security_context {
          run_as_non_root = true
          run_as_user     = 10001
          run_as_group    = 10001
          fs_group        = 10001
          seccomp_profile {
            type = "RuntimeDefault"
          }
        }
        container {
          name  = "bucketftp"
          image = var.image
          env {
            name  = "BUCKETFTP_CONFIG"
            value = "${local.config_dir}/config.yaml"
          }
          port {
            name           = "ftp"
            container_port = var.layout.container_control_port
          }
          port {
            name           = "relay"
            container_port = var.layout.relay_port
          }
          port {
            name           = "ops"
            container_port = var.layout.ops_port
          }
          liveness_probe {
            http_get {
              path = "/healthz"
              port = "ops"
            }
            period_seconds    = 10
            failure_threshold = 3
          }
          readiness_probe {
            http_get {
              path = "/readyz"
              port = "ops"
            }
            period_seconds    = 5
            failure_threshold = 2
          }
          startup_probe {
            http_get {
              path = "/healthz"
              port = "ops"
            }
            period_seconds    = 2
            failure_threshold = 30
          }
          lifecycle {
            pre_stop {
              exec {
                command = ["sleep", tostring(var.pre_stop_seconds)]
              }
            }
          }
          resources {
            requests = var.resources.requests
            limits   = var.resources.limits
          }
          security_context {
            allow_privilege_escalation = false
            read_only_root_filesystem  = true
            capabilities {
              drop = ["ALL"]
            }
          }
          volume_mount {
            name       = "config"
            mount_path = local.config_dir
            read_only  = true
          }
          volume_mount {
            name       = "users"
            mount_path = local.users_dir
            read_only  = true
          }
          volume_mount {
            name       = "tmp"
            mount_path = "/tmp"
          }
        }
        volume {
          name = "config"
          config_map {
            name = kubernetes_config_map_v1.config.metadata[0].name
          }
        }
        volume {
          name = "users"
          secret {
            secret_name = kubernetes_secret_v1.users.metadata[0].name
          }
        }
        volume {
          name = "tmp"
          empty_dir {}
        }
      }
    }
  }
}

resource "kubernetes_pod_disruption_budget_v1" "this" {
  metadata {
    name      = var.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    max_unavailable = "1"
    selector {
      match_labels = local.labels
    }
  }
}

resource "kubernetes_network_policy_v1" "this" {
  count = var.network_policy ? 1 : 0
  metadata {
    name      = var.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    pod_selector {
      match_labels = local.labels
    }
    policy_types = ["Ingress"]
    # Clients (through the load balancer), probes and Prometheus.
    ingress {
      ports {
        protocol = "TCP"
        port     = tostring(var.layout.container_control_port)
      }
      ports {
        protocol = "TCP"
        port     = tostring(var.layout.port_range.min)
        end_port = var.layout.port_range.max
      }
      ports {
        protocol = "TCP"
        port     = tostring(var.layout.ops_port)
      }
    }
    # Relayed data connections: only from the other replicas.
    ingress {
      from {
        pod_selector {
          match_labels = local.labels
        }
      }
      ports {
        protocol = "TCP"
        port     = tostring(var.layout.relay_port)
      }
    }
  }
}

# terraform test: the layout's arithmetic and its validation rules. Runs offline (no providers).

run "three_replicas_of_four_slices" {
  command = plan

  variables {
    replicas          = 3
    max_replicas      = 4
    ports_per_replica = 12
    first_port        = 30000
  }

  assert {
    condition     = output.slices == 4
    error_message = "one slice per possible replica"
  }

  assert {
    condition     = output.port_range == { min = 30000, max = 30047 }
    error_message = "the range spans every slice"
  }

  assert {
    condition = output.slice_ranges == [
      { replica = 0, min = 30000, max = 30011 },
      { replica = 1, min = 30012, max = 30023 },
      { replica = 2, min = 30024, max = 30035 },
      { replica = 3, min = 30036, max = 30047 },
    ]
    error_message = "equal contiguous slices in replica order"
  }

  assert {
    condition     = output.listener_count == 49 && length(output.passive_ports) == 48
    error_message = "control + 48 passive ports"
  }

  assert {
    condition     = output.service_ports[0] == { name = "ftp", port = 21, target_port = 2121 }
    error_message = "the control port comes first and maps to the container's unprivileged port"
  }

  assert {
    condition     = output.service_ports[48] == { name = "pasv-30047", port = 30047, target_port = 30047 }
    error_message = "passive ports keep their number through the Service"
  }

  assert {
    condition     = alltrue([for port in output.service_ports : length(port.name) <= 15])
    error_message = "Service port names are DNS labels of at most 15 characters"
  }

  assert {
    condition = output.server_settings == {
      server  = { listen = [{ host = "0.0.0.0", port = 2121 }], passive = { portRange = { min = 30000, max = 30047 } } }
      http    = { host = "0.0.0.0", port = 9090 }
      cluster = { slices = 4, relayPort = 2122 }
    }
    error_message = "the server configuration agrees with the layout"
  }
}

run "slices_default_to_replicas" {
  command = plan

  variables {
    replicas          = 2
    ports_per_replica = 1
    first_port        = 65534
  }

  assert {
    condition     = output.slices == 2 && output.port_range == { min = 65534, max = 65535 }
    error_message = "max_replicas defaults to replicas; the range may end at 65535"
  }
}

run "fits_an_nlb_with_50_listeners" {
  command = plan

  variables {
    replicas          = 7
    ports_per_replica = 7
    max_listeners     = 50
  }

  assert {
    condition     = output.listener_count == 50
    error_message = "7 x 7 passive ports + control = 50"
  }
}

run "too_many_listeners" {
  command = plan

  variables {
    replicas          = 5
    ports_per_replica = 10
    max_listeners     = 50
  }

  expect_failures = [var.max_listeners]
}

run "no_replicas" {
  command = plan

  variables {
    replicas          = 0
    ports_per_replica = 4
  }

  expect_failures = [var.replicas]
}

run "empty_slices" {
  command = plan

  variables {
    replicas          = 3
    ports_per_replica = 0
  }

  expect_failures = [var.ports_per_replica]
}

run "fewer_slices_than_replicas" {
  command = plan

  variables {
    replicas          = 3
    max_replicas      = 2
    ports_per_replica = 4
  }

  expect_failures = [var.max_replicas]
}

run "privileged_passive_port" {
  command = plan

  variables {
    replicas          = 1
    ports_per_replica = 4
    first_port        = 1000
  }

  expect_failures = [var.first_port]
}

run "range_past_65535" {
  command = plan

  variables {
    replicas          = 4
    ports_per_replica = 10
    first_port        = 65500
  }

  expect_failures = [var.first_port]
}

run "relay_port_inside_the_range" {
  command = plan

  variables {
    replicas          = 2
    ports_per_replica = 10
    first_port        = 30000
    relay_port        = 30005
  }

  expect_failures = [var.relay_port]
}

run "control_port_inside_the_range" {
  command = plan

  variables {
    replicas          = 2
    ports_per_replica = 10
    first_port        = 30000
    control_port      = 30019
  }

  expect_failures = [var.control_port]
}
